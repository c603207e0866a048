import type { Mark } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { type Field, linkProblem, openDialog } from './dialogs.ts';
import { schema } from './schema.ts';

const link = schema.marks.link;

/** The whole link the caret stands in (its text range and mark), if any. */
export function linkAtCaret(state: EditorState): { from: number; to: number; mark: Mark } | undefined {
  const { $from } = state.selection;
  const mark = link.isInSet($from.marks()) ?? link.isInSet($from.nodeAfter?.marks ?? []);
  if (!mark) return undefined;
  const parent = $from.parent;
  const start = $from.start();
  // Contiguous children carrying this same link, around the caret.
  let from = -1;
  let to = -1;
  let pos = start;
  for (let i = 0; i < parent.childCount; i++) {
    const child = parent.child(i);
    const end = pos + child.nodeSize;
    if (mark.isInSet(child.marks)) {
      if (from < 0) from = pos;
      to = end;
    } else if (to >= $from.pos) {
      break;
    } else {
      from = -1;
    }
    pos = end;
  }
  return from >= 0 && from <= $from.pos && to >= $from.pos ? { from, to, mark } : undefined;
}

/** Ctrl+K and the Link button: add, change or remove a link, in a dialog. */
export async function editLink(view: EditorView): Promise<void> {
  // Chrome reports a selection change a moment after the key that made it: a fast Shift+Arrow then
  // Ctrl+K would otherwise link the selection as it was one key earlier.
  await new Promise((r) => setTimeout(r, 0));
  const state = view.state;
  const { empty } = state.selection;
  const existing = empty ? linkAtCaret(state) : undefined;
  const range = existing ?? { from: state.selection.from, to: state.selection.to };
  const current = existing?.mark ?? (empty ? undefined : findMark(state, range.from, range.to));
  const needsText = empty && !existing;
  const fields: Field[] = [
    {
      name: 'href',
      label: 'Link address',
      type: 'url',
      required: true,
      value: current?.attrs.href ?? '',
      hint: 'A full web address (https://...) or mailto: and an email address.',
    },
  ];
  if (needsText) fields.push({ name: 'text', label: 'Text to show', required: true });
  const result = await openDialog({
    title: current ? 'Edit link' : 'Add a link',
    fields,
    submit: current ? 'Save link' : 'Add link',
    extra: current ? 'Remove link' : undefined,
    check: (v) => {
      const errors: Record<string, string> = {};
      const bad = linkProblem(v.href ?? '');
      if (bad) errors.href = bad;
      if (needsText && !v.text) errors.text = 'Enter the words that carry the link.';
      return errors;
    },
  });
  view.focus();
  if (!result) return;
  const tr = view.state.tr;
  if (result.action === 'extra') {
    view.dispatch(tr.removeMark(range.from, range.to, link));
    return;
  }
  const mark = link.create({ href: result.values.href, title: current?.attrs.title ?? null });
  if (needsText) {
    const text = result.values.text!;
    view.dispatch(tr.insert(range.from, schema.text(text, [mark])).scrollIntoView());
    return;
  }
  view.dispatch(tr.removeMark(range.from, range.to, link).addMark(range.from, range.to, mark));
}

function findMark(state: EditorState, from: number, to: number): Mark | undefined {
  let found: Mark | undefined;
  state.doc.nodesBetween(from, to, (node) => {
    found ??= link.isInSet(node.marks) ?? undefined;
  });
  return found;
}

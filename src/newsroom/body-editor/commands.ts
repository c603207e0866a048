import { baseKeymap, chainCommands, lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { redo, undo } from 'prosemirror-history';
import {
  type InputRule,
  inputRules,
  textblockTypeInputRule,
  undoInputRule,
  wrappingInputRule,
} from 'prosemirror-inputrules';
import type { MarkType, NodeType } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { type Command, type EditorState, NodeSelection, type Plugin, TextSelection } from 'prosemirror-state';
import { schema } from './schema.ts';

const { nodes, marks } = schema;

export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** The closest ancestor of the selection of this type (depth), or -1. */
function ancestor(state: EditorState, type: NodeType): number {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return d;
  return -1;
}

/** Is the selection's textblock this block (with this heading level)? */
export function blockActive(state: EditorState, type: NodeType, level?: number): boolean {
  const { $from, to } = state.selection;
  if (to > $from.end()) return false;
  const parent = $from.parent;
  return parent.type === type && (level === undefined || parent.attrs.level === level);
}

/** Is the selection inside a list of this type (the innermost list counts)? */
export function listActive(state: EditorState, type: NodeType): boolean {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const t = $from.node(d).type;
    if (t === nodes.bullet_list || t === nodes.ordered_list) return t === type;
  }
  return false;
}

export const inQuote = (state: EditorState) => ancestor(state, nodes.blockquote) >= 0;

export const toggleStrong = toggleMark(marks.strong);
export const toggleEm = toggleMark(marks.em);
export const setParagraph = setBlockType(nodes.paragraph);

/** A heading of this level, or back to a paragraph when it already is one. */
export function toggleHeading(level: number): Command {
  return (state, dispatch) =>
    blockActive(state, nodes.heading, level)
      ? setParagraph(state, dispatch)
      : setBlockType(nodes.heading, { level })(state, dispatch);
}

/** Into a list of this type; out of it when already in one; a list of the other type is switched. */
export function toggleList(type: NodeType): Command {
  return (state, dispatch) => {
    if (listActive(state, type)) return liftListItem(nodes.list_item)(state, dispatch);
    const other = type === nodes.bullet_list ? nodes.ordered_list : nodes.bullet_list;
    if (listActive(state, other)) {
      const { $from } = state.selection;
      for (let d = $from.depth; d > 0; d--) {
        if ($from.node(d).type === other) {
          dispatch?.(state.tr.setNodeMarkup($from.before(d), type));
          return true;
        }
      }
    }
    return wrapInList(type)(state, dispatch);
  };
}

export const toggleQuote: Command = (state, dispatch) =>
  inQuote(state) ? lift(state, dispatch) : wrapIn(nodes.blockquote)(state, dispatch);

export const figureSelected = (state: EditorState) =>
  state.selection instanceof NodeSelection && state.selection.node.type === nodes.figure;

/** A new paragraph right after the selected figure, with the caret in it (Enter, or typing). */
export function paragraphAfterFigure(text = ''): Command {
  return (state, dispatch) => {
    if (!figureSelected(state)) return false;
    if (dispatch) {
      const pos = state.selection.to;
      const p = nodes.paragraph.create(null, text ? schema.text(text) : null);
      const tr = state.tr.insert(pos, p);
      dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 1 + text.length)).scrollIntoView());
    }
    return true;
  };
}

/** Enter in an empty top-level list item leaves the list (splitListItem leaves that case to others). */
const leaveList: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.content.size > 0 || ancestor(state, nodes.list_item) < 0) return false;
  return liftListItem(nodes.list_item)(state, dispatch);
};

/** Tab indents a list item; elsewhere it is left to the browser, so focus can leave the editor. */
const indent: Command = (state, dispatch) => sinkListItem(nodes.list_item)(state, dispatch);
const outdent: Command = (state, dispatch) =>
  ancestor(state, nodes.list_item) >= 0 && liftListItem(nodes.list_item)(state, dispatch);

const hardBreak: Command = (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
};

export interface Shortcut {
  keys: string;
  what: string;
}

/** The shortcuts, as listed in the help under the editor (Mod is Ctrl, or Cmd on a Mac). */
export const SHORTCUTS: Shortcut[] = [
  { keys: 'Mod-b', what: 'Bold' },
  { keys: 'Mod-i', what: 'Italic' },
  { keys: 'Mod-k', what: 'Link' },
  { keys: 'Shift-Mod-8', what: 'Bulleted list' },
  { keys: 'Shift-Mod-7', what: 'Numbered list' },
  { keys: 'Mod-Alt-2', what: 'Heading' },
  { keys: 'Mod-Alt-3', what: 'Subheading' },
  { keys: 'Mod-Alt-0', what: 'Paragraph' },
  { keys: 'Shift-Enter', what: 'Line break' },
  { keys: 'Mod-z', what: 'Undo' },
  { keys: 'Mod-y', what: 'Redo' },
];

export function editorKeys(openLink: Command): Record<string, Command> {
  const enter = chainCommands(
    paragraphAfterFigure(),
    splitListItem(nodes.list_item),
    leaveList,
    baseKeymap.Enter!,
  );
  return {
    'Mod-b': toggleStrong,
    'Mod-i': toggleEm,
    'Mod-k': openLink,
    'Shift-Mod-8': toggleList(nodes.bullet_list),
    'Shift-Mod-7': toggleList(nodes.ordered_list),
    'Mod-Alt-2': toggleHeading(2),
    'Mod-Alt-3': toggleHeading(3),
    'Mod-Alt-0': setParagraph,
    'Mod-z': undo,
    'Mod-y': redo,
    'Shift-Mod-z': redo,
    Backspace: chainCommands(undoInputRule, baseKeymap.Backspace!),
    Enter: enter,
    'Shift-Enter': hardBreak,
    Tab: indent,
    'Shift-Tab': outdent,
  };
}

/** Typing "## ", "> ", "* " or "1. " at the start of a paragraph formats it, as word processors do. */
export function typingRules(): Plugin {
  const rules: InputRule[] = [
    textblockTypeInputRule(/^##\s$/, nodes.heading, { level: 2 }),
    textblockTypeInputRule(/^###\s$/, nodes.heading, { level: 3 }),
    wrappingInputRule(/^>\s$/, nodes.blockquote),
    wrappingInputRule(/^[*-]\s$/, nodes.bullet_list),
    wrappingInputRule(/^1[.)]\s$/, nodes.ordered_list),
  ];
  return inputRules({ rules });
}

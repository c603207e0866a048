/**
 * Modal dialogs for what the editor has to ask (a link's address, an image's alt text and caption),
 * in place of window.prompt: real labelled fields, errors tied to their field, Escape to cancel. A
 * modal <dialog> keeps focus inside while open; the caller puts focus back in the editor after.
 */

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'url' | 'file' | 'textarea';
  value?: string;
  hint?: string;
  required?: boolean;
  accept?: string;
}

export interface DialogSpec {
  title: string;
  fields: Field[];
  submit: string;
  /** An extra action beside submit and cancel (e.g. "Remove link"); resolves with `action` set. */
  extra?: string;
  /** Messages per field name for what is wrong; empty when all is well. */
  check?: (values: Record<string, string>, files: Record<string, File | undefined>) => Record<string, string>;
}

export interface DialogResult {
  action: 'submit' | 'extra';
  values: Record<string, string>;
  files: Record<string, File | undefined>;
}

let counter = 0;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

interface Built {
  wrap: HTMLDivElement;
  input: HTMLInputElement | HTMLTextAreaElement;
  error: HTMLParagraphElement;
}

function buildField(f: Field, id: string): Built {
  const wrap = el('div', { class: 'dialog-field' });
  const describedBy = [f.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  const input =
    f.type === 'textarea'
      ? el('textarea', { id, name: f.name, rows: '3' })
      : el('input', { id, name: f.name, type: f.type ?? 'text', accept: f.accept });
  input.setAttribute('aria-describedby', describedBy);
  if (f.required) input.setAttribute('required', '');
  if (f.value !== undefined && f.type !== 'file') input.value = f.value;
  wrap.append(el('label', { for: id }, f.required ? `${f.label} (required)` : f.label), input);
  if (f.hint) wrap.append(el('p', { class: 'hint', id: `${id}-hint` }, f.hint));
  const error = el('p', { class: 'field-error', id: `${id}-error` });
  error.hidden = true;
  wrap.append(error);
  return { wrap, input, error };
}

function read(built: Map<string, Built>) {
  const values: Record<string, string> = {};
  const files: Record<string, File | undefined> = {};
  for (const [name, b] of built) {
    if (b.input instanceof HTMLInputElement && b.input.type === 'file') files[name] = b.input.files?.[0];
    else values[name] = b.input.value.replace(/\s+/g, ' ').trim();
  }
  return { values, files };
}

/** Shows the errors (or clears them); focus goes to the first field at fault. True when none. */
function showErrors(built: Map<string, Built>, errors: Record<string, string>): boolean {
  let first: Built | undefined;
  for (const [name, b] of built) {
    const msg = errors[name];
    b.error.textContent = msg ?? '';
    b.error.hidden = !msg;
    if (msg) b.input.setAttribute('aria-invalid', 'true');
    else b.input.removeAttribute('aria-invalid');
    if (msg && !first) first = b;
  }
  first?.input.focus();
  return !first;
}

/** Opens the dialog; resolves with what was entered, or null when cancelled (button or Escape). */
export function openDialog(
  spec: DialogSpec,
  prefill?: (inputs: Map<string, HTMLInputElement | HTMLTextAreaElement>) => void,
): Promise<DialogResult | null> {
  const id = `editor-dialog-${++counter}`;
  const dialog = el('dialog', { class: 'editor-dialog', 'aria-labelledby': `${id}-title` });
  const form = el('form', { method: 'dialog', novalidate: '', class: 'form' });
  const built = new Map(spec.fields.map((f) => [f.name, buildField(f, `${id}-${f.name}`)]));
  const actions = el('div', { class: 'actions' });
  const submit = el('button', { type: 'submit' }, spec.submit);
  const cancel = el('button', { type: 'button', class: 'button-secondary' }, 'Cancel');
  actions.append(submit);
  const extra = spec.extra ? el('button', { type: 'button', class: 'button-secondary' }, spec.extra) : null;
  if (extra) actions.append(extra);
  actions.append(cancel);
  form.append(
    el('h2', { id: `${id}-title` }, spec.title),
    ...[...built.values()].map((b) => b.wrap),
    actions,
  );
  dialog.append(form);
  document.body.append(dialog);
  prefill?.(new Map([...built].map(([k, b]) => [k, b.input])));

  return new Promise((resolve) => {
    let result: DialogResult | null = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const { values, files } = read(built);
      if (!showErrors(built, spec.check?.(values, files) ?? {})) return;
      result = { action: 'submit', values, files };
      dialog.close();
    });
    extra?.addEventListener('click', () => {
      result = { action: 'extra', ...read(built) };
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    // Escape fires 'cancel' and then 'close'; every way out ends here.
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    dialog.showModal();
    [...built.values()][0]?.input.focus();
  });
}

/** http(s) or mailto, nothing else: what a link typed into the body may point to. */
export function linkProblem(url: string): string | undefined {
  if (!url) return 'Enter the address the link goes to.';
  if (/^mailto:[^\s@]+@[^\s@]+$/i.test(url)) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return undefined;
  } catch {
    // falls through to the message below
  }
  return 'Use a full web address starting with https:// or http://, or mailto: for an email address.';
}

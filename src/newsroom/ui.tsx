import type { ComponentChildren } from 'preact';
import type { FormValues } from '../http/forms.ts';
import { Csrf } from './newsroom-layout.tsx';

/**
 * The newsroom's small UI kit: labelled fields with their errors, post forms, tables of records.
 * Screens compose these so every form behaves the same: the message sits under its field, the
 * field points to it (aria-describedby), and what the user typed is shown again.
 */

export type FieldErrors = Record<string, string> | undefined;

/** A form as it was last sent and refused: the messages by field and what was typed. */
export interface SentForm {
  fields?: FieldErrors;
  values?: FormValues | undefined;
}

/** One labelled field; `children` receives the props its input must carry (id, name, aria-*). */
export function Field(p: {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
  /** id of the input, when a page shows the same form several times. */
  id?: string;
  /** Label for screen readers only (a field in a table row, whose column says what it is). */
  hideLabel?: boolean;
  children: (input: {
    id: string;
    name: string;
    'aria-invalid'?: 'true';
    'aria-describedby'?: string;
  }) => ComponentChildren;
}) {
  const id = p.id ?? p.name;
  const error = p.errors?.[p.name];
  const described = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id} class={p.hideLabel ? 'visually-hidden' : undefined}>
        {p.label}
      </label>
      {p.children({
        id,
        name: p.name,
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The value a form field had when it was sent (for re-rendering it), or the stored default. */
export function sentValue(
  values: Record<string, string | string[]> | undefined,
  name: string,
  fallback = '',
): string {
  const v = values?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? fallback) : fallback;
}

/**
 * A one-line input in a Field, showing what was sent when the form was refused, else `value` (the
 * stored one). Password and file inputs never get a value: browsers do not refill them, and a
 * password is never sent back.
 */
export function InputField(p: {
  name: string;
  label: string;
  id?: string;
  hint?: string;
  hideLabel?: boolean;
  sent?: SentForm | undefined;
  value?: string;
  type?: 'text' | 'email' | 'number' | 'password' | 'file';
  maxLength?: number;
  minLength?: number;
  min?: string;
  max?: string;
  required?: boolean;
  placeholder?: string;
  autocomplete?: string;
  accept?: string;
}) {
  const { name, label, id, hint, hideLabel, sent, value, type = 'text', ...attrs } = p;
  const shown = type === 'password' || type === 'file' ? {} : { value: sentValue(sent?.values, name, value) };
  return (
    <Field name={name} label={label} id={id} hint={hint} hideLabel={hideLabel} errors={sent?.fields}>
      {(input) => <input {...input} type={type} {...shown} {...attrs} />}
    </Field>
  );
}

/** A form that posts a change: its CSRF token, its fields, then the submit button on a line of its own. */
export function PostForm(p: {
  action: string;
  csrf: string | null;
  submit: string;
  /** A lesser action (e.g. restoring an old version): the button is styled as secondary. */
  secondary?: boolean;
  enctype?: 'multipart/form-data';
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={p.action} enctype={p.enctype} class="form">
      <Csrf token={p.csrf} />
      {p.children}
      <div>
        <button type="submit" class={p.secondary ? 'button-secondary' : undefined}>
          {p.submit}
        </button>
      </div>
    </form>
  );
}

/** A form on one line (in a list item or a table cell): its fields, then a secondary submit button. */
export function InlineForm(p: {
  action: string;
  csrf: string | null;
  submit: string;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={p.action} class="actions">
      <Csrf token={p.csrf} />
      {p.children}
      <button type="submit" class="button-secondary">
        {p.submit}
      </button>
    </form>
  );
}

/**
 * A table of records: its caption (for screen readers only, unless `showCaption`: the page's
 * heading usually says what the table is), one header a column, and `children` as its rows.
 */
export function DataTable(p: {
  caption: ComponentChildren;
  showCaption?: boolean;
  columns: string[];
  children: ComponentChildren;
}) {
  return (
    <table class="table">
      <caption class={p.showCaption ? undefined : 'visually-hidden'}>{p.caption}</caption>
      <thead>
        <tr>
          {p.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{p.children}</tbody>
    </table>
  );
}

import { ARTICLE_KINDS, ARTICLE_STATUSES } from '../core/db/schema.ts';
import type { Section } from '../sections/sections.service.ts';
import type { ArticleListView } from './article-list.page.tsx';
import { statusLabel } from './editor.page.tsx';
import { Field, type FieldErrors, sentValue } from './ui.tsx';

/** The article list's search box and filters, and the selects it shares with its bulk actions. */

const PATH = '/newsroom/articles';
export const SORT_LABELS = {
  updated: 'Last change, newest first',
  published: 'Publication, newest first',
  headline: 'Headline, A to Z',
};

/** A select of fixed choices in a Field, the sent value chosen; `any` is the first, empty choice. */
export function Choice(p: {
  name: string;
  /** id of the select, when the page has another field of the same name. */
  id?: string;
  label: string;
  errors: FieldErrors;
  value: string;
  any?: string;
  options: [string, string][];
}) {
  return (
    <Field name={p.name} id={p.id} label={p.label} errors={p.errors}>
      {(input) => (
        <select {...input}>
          {p.any && <option value="">{p.any}</option>}
          {p.options.map(([value, label]) => (
            <option value={value} selected={p.value === value} key={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The search box and filters: a plain GET form, so every list has an address to share. */
export function Filters(p: ArticleListView) {
  const errors: FieldErrors = p.refusal?.fields;
  const v = (name: string) => sentValue(p.values, name);
  const same = (xs: readonly string[]) => xs.map((x): [string, string] => [x, x]);
  return (
    <search aria-label="Find articles">
      <form method="get" action={PATH} class="form list-filters">
        <Field
          name="q"
          label="Search headlines and text"
          errors={errors}
          hint='Every status. "Exact phrase", prefix*.'
        >
          {(input) => <input {...input} type="search" value={v('q')} maxLength={200} />}
        </Field>
        <Choice
          name="status"
          label="Status"
          errors={errors}
          value={v('status')}
          any="Any status"
          options={ARTICLE_STATUSES.map((s) => [s, statusLabel(s)])}
        />
        <Field name="section" label="Section" errors={errors}>
          {(input) => (
            <select {...input}>
              <option value="">Any section</option>
              <SectionOptions sections={p.sections} selected={v('section')} />
            </select>
          )}
        </Field>
        <Choice
          name="author"
          label="Author"
          errors={errors}
          value={v('author')}
          any="Any author"
          options={p.authors.map((a) => [a.slug, a.name])}
        />
        <Choice
          name="kind"
          label="Kind"
          errors={errors}
          value={v('kind')}
          any="Any kind"
          options={same(ARTICLE_KINDS)}
        />
        <Field name="from" label="From" errors={errors} hint={dateHint(p.site.timeZone)}>
          {(input) => <input {...input} type="date" value={v('from')} />}
        </Field>
        <Field name="to" label="To" errors={errors}>
          {(input) => <input {...input} type="date" value={v('to')} />}
        </Field>
        <Choice
          name="sort"
          label="Order"
          errors={errors}
          value={v('sort') || 'updated'}
          options={Object.entries(SORT_LABELS)}
        />
        <div>
          <button type="submit">Find</button> <a href={PATH}>Clear</a>
        </div>
      </form>
    </search>
  );
}

const dateHint = (tz: string) => `Days in ${tz}: of publication when ordered by it, else of the last change.`;

export function SectionOptions(p: { sections: Section[]; selected: string }) {
  return (
    <>
      {p.sections.map((s) => (
        <optgroup label={s.name} key={s.id}>
          <option value={s.slug} selected={p.selected === s.slug}>
            {s.name} (all)
          </option>
          {s.children.map((c) => (
            <option value={c.slug} selected={p.selected === c.slug} key={c.id}>
              {s.name} » {c.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

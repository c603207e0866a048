import { can } from '../accounts/permissions.ts';
import type { BulkOutcome } from '../articles/article-bulk.ts';
import type { ListItem, ListRequest, ListResult } from '../articles/article-list.reader.ts';
import type { StatusCount } from '../articles/article-list-counts.repository.ts';
import { ARTICLE_STATUSES } from '../core/db/schema.ts';
import { formatDateLine } from '../core/time.ts';
import { articleUrl } from '../core/urls.ts';
import type { FormValues } from '../http/forms.ts';
import type { Section } from '../sections/sections.service.ts';
import { Choice, Filters, SectionOptions } from './article-list.filters.tsx';
import type { Refusal } from './change.ts';
import { statusLabel } from './editor.page.tsx';
import { Csrf, NewsroomLayout } from './newsroom-layout.tsx';
import type { ScreenFrame } from './screen.ts';
import { DataTable, Field, sentValue } from './ui.tsx';

const PATH = '/newsroom/articles';
const ACTION_DONE = { move: 'Moved', tag: 'Tagged', delete: 'Deleted' } as const;

export interface ArticleListView extends ScreenFrame {
  /** The query string as sent: the filter form shows it again, links keep it. */
  values: FormValues;
  sections: Section[];
  authors: { slug: string; name: string }[];
  request?: ListRequest;
  result?: ListResult;
  /** A query string that is not a list's (400). */
  refusal?: Refusal;
  /** A refused bulk action (422), shown at its form. */
  bulk?: Refusal;
  outcome?: BulkOutcome & { action: keyof typeof ACTION_DONE };
}

/** This list's address with some parameters changed (undefined drops one); a new filter starts at page 1. */
function listUrl(values: FormValues, change: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, after: undefined, ...change })) {
    if (typeof v === 'string' && v !== '') p.set(k, v);
  }
  const qs = p.toString();
  return qs ? `${PATH}?${qs}` : PATH;
}

/** Every article, searched, filtered and sorted, with counts per status and bulk actions for editors. */
export function ArticleListPage(p: ArticleListView) {
  const bulk = p.user !== null && can(p.user.role, 'article.edit-any');
  const notice =
    p.outcome && `${ACTION_DONE[p.outcome.action]} ${p.outcome.done.length} of the selected articles.`;
  return (
    <NewsroomLayout
      site={p.site}
      title="All articles"
      user={p.user}
      csrf={p.csrf}
      notice={notice}
      error={p.refusal?.error ?? p.bulk?.error}
    >
      <Filters {...p} />
      {p.outcome && p.outcome.skipped.length > 0 && <Skipped outcome={p.outcome} />}
      {p.result && <StatusCounts values={p.values} result={p.result} />}
      {p.result &&
        (p.result.items.length === 0 ? (
          <p>No articles match.</p>
        ) : bulk ? (
          <form method="post" action={`${PATH}/bulk`} class="bulk-form">
            <Csrf token={p.csrf} />
            <input type="hidden" name="back" value={new URLSearchParams(flatten(p.values)).toString()} />
            <Results {...p} result={p.result} selectable />
            <BulkControls {...p} />
          </form>
        ) : (
          <Results {...p} result={p.result} selectable={false} />
        ))}
      {p.result && (
        <p class="actions">
          {p.request?.after && <a href={listUrl(p.values, {})}>First page</a>}
          {p.result.next && (
            <a href={listUrl(p.values, { after: p.result.next })} rel="next">
              Next page
            </a>
          )}
        </p>
      )}
    </NewsroomLayout>
  );
}

function flatten(values: FormValues): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : (v[0] ?? '')]),
  );
}

/**
 * How many articles of each status pass the other filters; each a link to that status. A count
 * that stopped at the cap, or counted a sample of a very common word's matches, reads "10,000+".
 */
function StatusCounts(p: { values: FormValues; result: ListResult }) {
  const current = sentValue(p.values, 'status');
  const all = Object.values(p.result.counts);
  const total = { n: all.reduce((a, c) => a + c.n, 0), atLeast: all.some((c) => c.atLeast) };
  const tabs: [string, string, StatusCount][] = [
    ['', 'All', total],
    ...ARTICLE_STATUSES.map((s): [string, string, StatusCount] => [s, statusLabel(s), p.result.counts[s]]),
  ];
  return (
    <nav aria-label="Articles by status">
      <ul class="status-counts">
        {tabs.map(([s, label, c]) => (
          <li key={label}>
            <a
              href={listUrl(p.values, { status: s || undefined })}
              aria-current={current === s ? 'page' : undefined}
            >
              {label}{' '}
              <span class="count">
                ({c.n.toLocaleString('en')}
                {c.atLeast ? '+' : ''})
              </span>
            </a>
          </li>
        ))}
      </ul>
      {all.some((c) => c.atLeast) && (
        <p class="hint">
          "+": at least this many. Counts stop at 10,000, and the articles of a very common word or of a
          prolific author are counted among the first 10,000 found.
        </p>
      )}
    </nav>
  );
}

function Results(p: ArticleListView & { result: ListResult; selectable: boolean }) {
  const tz = p.site.timeZone;
  const names = new Map(p.sections.flatMap((s) => [s, ...s.children]).map((s) => [s.id, s.name]));
  const columns = ['Headline', 'Status', 'Section', 'Byline', 'Kind', 'Published', 'Last change'];
  const sent = new Set([p.bulk?.values?.ids ?? []].flat());
  const cell = (ms: number | null) => (ms === null ? '' : formatDateLine(ms, tz));
  return (
    <DataTable caption="Articles" columns={p.selectable ? ['Select', ...columns] : columns}>
      {p.result.items.map((a: ListItem) => (
        <tr key={a.id}>
          {p.selectable && (
            <td>
              <input
                type="checkbox"
                name="ids"
                value={String(a.id)}
                id={`pick-${a.id}`}
                checked={sent.has(String(a.id))}
              />
              <label for={`pick-${a.id}`} class="visually-hidden">
                {`Select "${a.headline}"`}
              </label>
            </td>
          )}
          <td>
            <a href={`${PATH}/${a.id}`}>{a.place ? `${a.place}: ${a.headline}` : a.headline}</a>
            {a.status === 'published' && (
              <>
                <br />
                <a href={articleUrl(a)} class="row-link">
                  On the site
                </a>
              </>
            )}
          </td>
          <td>
            <span class="status">{statusLabel(a.status)}</span>
            {a.status === 'scheduled' && a.scheduled_at && <> {cell(a.scheduled_at)}</>}
          </td>
          <td>{names.get(a.section_id) ?? ''}</td>
          <td>{a.bylines.join(', ')}</td>
          <td>{a.kind}</td>
          <td>{cell(a.published_at)}</td>
          <td>
            {cell(a.updated_at)}
            {a.created_by_name && <span class="quiet"> by {a.created_by_name}</span>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** What to do with the ticked rows: one action at a time, each with the one value it needs. */
function BulkControls(p: ArticleListView) {
  const errors = p.bulk?.fields;
  const v = (name: string) => sentValue(p.bulk?.values, name);
  return (
    <fieldset class="bulk-actions">
      <legend>With the selected articles</legend>
      {errors?.ids && <p class="field-error">{errors.ids}</p>}
      <Choice
        name="action"
        id="bulk-action"
        label="Action"
        errors={errors}
        value={v('action')}
        options={[
          ['move', 'Move to a section'],
          ['tag', 'Add a tag'],
          ['delete', 'Delete (drafts only)'],
        ]}
      />
      <Field name="section" id="bulk-section" label="Section to move to" errors={errors}>
        {(input) => (
          <select {...input}>
            <option value="">Choose a section</option>
            <SectionOptions sections={p.sections} selected={v('section')} />
          </select>
        )}
      </Field>
      <Field name="tag" id="bulk-tag" label="Tag to add" errors={errors}>
        {(input) => <input {...input} type="text" value={v('tag')} maxLength={80} />}
      </Field>
      <div>
        <button type="submit">Apply to selected</button>
      </div>
    </fieldset>
  );
}

function Skipped({ outcome }: { outcome: BulkOutcome }) {
  return (
    <section aria-labelledby="skipped-title" class="flash flash-error">
      <h2 id="skipped-title">Skipped {outcome.skipped.length}</h2>
      <ul>
        {outcome.skipped.map((s) => (
          <li key={s.id}>
            {s.headline}: {s.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}

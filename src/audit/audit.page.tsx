import { formatDateLine, isoDate, isValidDate } from '../core/time.ts';
import type { FormValues } from '../http/forms.ts';
import type { Refusal } from '../newsroom/change.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import type { ScreenFrame } from '../newsroom/screen.ts';
import { DataTable, Field, type FieldErrors, sentValue } from '../newsroom/ui.tsx';
import { AuditDetails, actorLabel, subjectId } from './audit.describe.tsx';
import type { AuditRecord, AuditPage as AuditResult } from './audit.service.ts';

/** Entries per page of the audit log. */
export const AUDIT_PAGE_SIZE = 100;

const PATH = '/newsroom/audit';
/** The filter's own parameters, kept by the paging links (a cursor is replaced, never kept). */
const FILTERS = ['action', 'user', 'subject', 'from', 'to'];

export interface AuditPageProps extends ScreenFrame {
  /** The query string as sent: the filter form shows it again, links keep it. */
  values: FormValues;
  /** The entries and the filter's choices; missing when the query string was refused. */
  result?: AuditResult;
  /** Choices for the filter when the query was refused (the form is still drawn). */
  choices: { actions: string[]; users: { id: number; name: string }[] };
  /** A query string the log cannot be read with (400), by field. */
  refusal?: Refusal;
}

/** This log's address with the filter as sent and one cursor. */
function logUrl(values: FormValues, cursor: Record<string, number> = {}): string {
  const p = new URLSearchParams();
  for (const k of FILTERS) {
    const v = sentValue(values, k);
    if (v) p.set(k, v);
  }
  for (const [k, v] of Object.entries(cursor)) p.set(k, String(v));
  const qs = p.toString();
  return qs ? `${PATH}?${qs}` : PATH;
}

/** Who did what and when, newest first, in the site's time zone; filtered and paged by id. */
export function AuditLogPage(p: AuditPageProps) {
  const r = p.result;
  return (
    <NewsroomLayout site={p.site} title="Audit log" user={p.user} csrf={p.csrf} error={p.refusal?.error}>
      <Filters {...p} />
      {r && r.entries.length === 0 && <p>No entries match.</p>}
      {r && r.entries.length > 0 && <Entries {...p} result={r} />}
      {r && <Paging values={p.values} result={r} />}
    </NewsroomLayout>
  );
}

function Entries(p: AuditPageProps & { result: AuditResult }) {
  const tz = p.site.timeZone;
  const names = p.result.names;
  return (
    <DataTable caption="Audit log, newest first" columns={['When', 'Who', 'Action', 'Subject', 'Details']}>
      {p.result.entries.map((e) => (
        <tr key={e.id}>
          <td>
            <time dateTime={isoDate(e.at)}>{formatDateLine(e.at, tz)}</time>
          </td>
          <td>{actorLabel(e, names)}</td>
          <td>
            <code>{e.action}</code>
          </td>
          <td>
            <Subject e={e} />
          </td>
          <td>
            <AuditDetails e={e} names={names} tz={tz} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Subject(p: { e: AuditRecord }) {
  const id = subjectId(p.e.subject, 'article');
  if (id !== undefined) return <a href={`/newsroom/articles/${id}`}>{p.e.subject}</a>;
  return <>{p.e.subject ?? ''}</>;
}

function Paging(p: { values: FormValues; result: AuditResult }) {
  const cursor = sentValue(p.values, 'before') || sentValue(p.values, 'after');
  const { newer, older } = p.result;
  if (!cursor && older === undefined) return null;
  return (
    <nav class="actions" aria-label="Pages of the audit log">
      {cursor && <a href={logUrl(p.values)}>Newest entries</a>}
      {newer !== undefined && (
        <a href={logUrl(p.values, { after: newer })} rel="prev">
          Newer entries
        </a>
      )}
      {older !== undefined && (
        <a href={logUrl(p.values, { before: older })} rel="next">
          Older entries
        </a>
      )}
    </nav>
  );
}

/** The actions present, each family (`article`) first as "all of them", then its actions. */
function families(actions: string[]): [string, string[]][] {
  const byFamily = new Map<string, string[]>();
  for (const a of actions) {
    const family = a.split('.')[0]!;
    byFamily.set(family, [...(byFamily.get(family) ?? []), a]);
  }
  return [...byFamily];
}

function ActionOptions(p: { actions: string[]; selected: string }) {
  const present = p.selected && !p.selected.endsWith('.*') && !p.actions.includes(p.selected);
  return (
    <>
      <option value="">Any action</option>
      {present && (
        <option value={p.selected} selected>
          {p.selected}
        </option>
      )}
      {families(p.actions).map(([family, list]) =>
        list.length === 1 && list[0] === family ? (
          <option value={family} selected={p.selected === family} key={family}>
            {family}
          </option>
        ) : (
          <optgroup label={family} key={family}>
            <option value={`${family}.*`} selected={p.selected === `${family}.*`}>
              {family}: all
            </option>
            {list.map((a) => (
              <option value={a} selected={p.selected === a} key={a}>
                {a}
              </option>
            ))}
          </optgroup>
        ),
      )}
    </>
  );
}

/** The filter: a plain GET form, so every view of the log has an address to share. */
function Filters(p: AuditPageProps) {
  const errors: FieldErrors = p.refusal?.fields;
  const v = (name: string) => sentValue(p.values, name);
  // A date field holds a date or nothing (a browser cannot show other text in it; the message says what was wrong).
  const date = (name: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v(name));
    return m && isValidDate(Number(m[1]), Number(m[2]), Number(m[3])) ? v(name) : '';
  };
  const { actions, users } = p.result ?? p.choices;
  return (
    <search aria-label="Filter the audit log">
      <form method="get" action={PATH} class="form audit-filters">
        <Field name="action" label="Action" errors={errors}>
          {(input) => (
            <select {...input}>
              <ActionOptions actions={actions} selected={v('action')} />
            </select>
          )}
        </Field>
        <Field name="user" label="User" errors={errors} hint="Who acted, or whose account it was.">
          {(input) => (
            <select {...input}>
              <option value="">Anyone</option>
              {users.map((u) => (
                <option value={String(u.id)} selected={v('user') === String(u.id)} key={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="subject" label="Subject" errors={errors} hint="For example article:12, user:3 or home.">
          {(input) => <input {...input} type="text" value={v('subject')} maxLength={120} />}
        </Field>
        <Field name="from" label="From" errors={errors} hint={`Days in ${p.site.timeZone}.`}>
          {(input) => <input {...input} type="date" value={date('from')} />}
        </Field>
        <Field name="to" label="To" errors={errors}>
          {(input) => <input {...input} type="date" value={date('to')} />}
        </Field>
        <div>
          <button type="submit">Filter</button> <a href={PATH}>Clear</a>
        </div>
      </form>
    </search>
  );
}

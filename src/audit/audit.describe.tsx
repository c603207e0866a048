import type { ComponentChildren } from 'preact';
import { formatDateLine } from '../core/time.ts';
import { type AuditNames, type AuditRecord, safeJson } from './audit.service.ts';

/**
 * Audit entries in words: who acted, and a short sentence per action with links to what it acted
 * on. An action without a sentence here shows its details as a list of names and values, so an
 * entry written by newer code is still readable. Everything is text for Preact to escape.
 */

/** What a sentence is made from: the entry, its details, the names it needs, the site's zone. */
interface Said {
  e: AuditRecord;
  d: Record<string, unknown>;
  names: AuditNames;
  tz: string;
}

/** Failed attempts record the account tried, not someone who acted: whoever typed is unknown. */
const ATTEMPTS = new Set(['login.failed', 'login.lockout', 'login.throttled']);

/** Who acted: a user by name, a system actor by what it is, else an anonymous visitor. */
export function actorLabel(e: AuditRecord, names: AuditNames): string {
  if (ATTEMPTS.has(e.action)) return 'anonymous';
  if (e.user_id !== null) return names.users.get(e.user_id) ?? `user #${e.user_id}`;
  const by = safeJson(e.details).by;
  return typeof by === 'string' ? `system (${by})` : 'anonymous';
}

/** The id in a subject of this kind (`article:12` -> 12). */
export function subjectId(subject: string | null, kind: string): number | undefined {
  const m = /^([a-z-]+):(\d{1,10})$/.exec(subject ?? '');
  return m && m[1] === kind ? Number(m[2]) : undefined;
}

/** A detail as text: strings as they are, anything else as JSON. */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v) ?? '';
}

function quoted(v: unknown): ComponentChildren {
  return <>“{text(v)}”</>;
}

function time(ms: unknown, tz: string): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? formatDateLine(ms, tz) : text(ms);
}

function listOf(v: unknown): string {
  return Array.isArray(v) ? v.map(text).join(', ') : text(v);
}

/** An article by number and headline, linked to its editor while it exists. */
function ArticleRef(p: { id: number | undefined; names: AuditNames; headline?: unknown }) {
  if (p.id === undefined) return <>an article</>;
  const headline = p.names.articles.get(p.id);
  const known = headline ?? (typeof p.headline === 'string' ? p.headline : undefined);
  const label = `article #${p.id}${known ? ` «${known}»` : ''}`;
  return headline !== undefined ? <a href={`/newsroom/articles/${p.id}`}>{label}</a> : label;
}

const article = (s: Said) => <ArticleRef id={subjectId(s.e.subject, 'article')} names={s.names} />;

function user(s: Said): string {
  const id = subjectId(s.e.subject, 'user');
  return id === undefined ? 'an account' : (s.names.users.get(id) ?? `user #${id}`);
}

const from = (s: Said) => (s.e.ip ? ` from ${s.e.ip}` : '');

function authorRef(id: unknown): ComponentChildren {
  return typeof id === 'number' ? (
    <a href={`/newsroom/authors/${id}`}>author profile #{id}</a>
  ) : (
    'an author profile'
  );
}

type Sentence = (s: Said) => ComponentChildren;

const ARTICLES: [string, Sentence][] = [
  ['article.publish', (s) => <>Published {article(s)}.</>],
  [
    'article.unpublish',
    (s) => (
      <>
        Unpublished {article(s)}.{s.d.reason !== undefined && <> Reason: {quoted(s.d.reason)}.</>}
      </>
    ),
  ],
  [
    'article.schedule',
    (s) => (
      <>
        Scheduled {article(s)} for {time(s.d.at, s.tz)}.
      </>
    ),
  ],
  [
    'article.overwrite',
    (s) => (
      <>
        Saved over version {text(s.d.replacedVersion)} of {article(s)}, replacing its {listOf(s.d.fields)}.
      </>
    ),
  ],
  [
    'article.merge',
    (s) => (
      <>
        Kept version {text(s.d.replacedVersion)} of {article(s)} and re-applied their own {listOf(s.d.fields)}
        .
      </>
    ),
  ],
  [
    'article.restore',
    (s) => (
      <>
        Restored version {text(s.d.restoredVersion)} of {article(s)} (revision {text(s.d.revision)}), saved as
        version {text(s.d.version)}.
      </>
    ),
  ],
  [
    'article.move',
    (s) => (
      <>
        Moved {article(s)} from {quoted(s.d.from)} to {quoted(s.d.to)}.
      </>
    ),
  ],
  [
    'article.tag',
    (s) => (
      <>
        Tagged {article(s)} {quoted(s.d.tag)}.
      </>
    ),
  ],
  [
    'article.delete',
    (s) => (
      <>
        Deleted the draft{' '}
        <ArticleRef id={subjectId(s.e.subject, 'article')} names={s.names} headline={s.d.headline} />.
      </>
    ),
  ],
  [
    'article.preview-link',
    (s) => (
      <>
        Made a preview link to {article(s)}, valid for {text(s.d.hours)} hours (until{' '}
        {time(s.d.expiresAt, s.tz)}).
      </>
    ),
  ],
  ['article.preview-link.revoke', (s) => <>Revoked the preview links to {article(s)}.</>],
];

const ACCOUNTS: [string, Sentence][] = [
  ['login', (s) => `Logged in${from(s)}.`],
  ['logout', () => 'Logged out.'],
  ['login.failed', (s) => `Failed login as ${text(s.d.email)} from ${s.e.ip ?? 'an unknown address'}.`],
  [
    'login.lockout',
    (s) => `Held ${text(s.d.email)} at ${s.e.ip ?? 'an unknown address'} after repeated failed logins.`,
  ],
  ['login.throttled', (s) => `Refused a login as ${text(s.d.email)}${from(s)}: too many attempts.`],
  ['user.create', (s) => `Created the account of ${user(s)}, role ${text(s.d.role)}.`],
  ['user.password', (s) => `Changed the password of ${user(s)}.`],
  ['user.password-reset', (s) => `Gave ${user(s)} a one-time password.`],
  ['user.role', (s) => `Changed the role of ${user(s)} from ${text(s.d.from)} to ${text(s.d.to)}.`],
  ['user.disable', (s) => `Disabled the account of ${user(s)}.`],
  ['user.enable', (s) => `Enabled the account of ${user(s)}.`],
  [
    'user.author',
    (s) =>
      s.d.to === null || s.d.to === undefined ? (
        <>Unlinked {user(s)} from their author profile.</>
      ) : (
        <>
          Linked {user(s)} to {authorRef(s.d.to)}.
        </>
      ),
  ],
  ['token.create', () => 'Created an API token.'],
];

const DESK: [string, Sentence][] = [
  ['section.create', () => 'Created a section.'],
  [
    'section.rename',
    (s) => (
      <>
        Renamed section {quoted(s.d.from)} to {quoted(s.d.to)}.
      </>
    ),
  ],
  ['section.delete', (s) => <>Deleted section {quoted(s.d.slug)}.</>],
  [
    'tag.rename',
    (s) => (
      <>
        Renamed tag {quoted(s.d.from)} to {quoted(s.d.to)}.
      </>
    ),
  ],
  [
    'tag.merge',
    (s) => (
      <>
        Merged tag {quoted(s.d.merged)} into {quoted(s.d.into)}.
      </>
    ),
  ],
  ['tag.delete', (s) => <>Deleted tag {quoted(s.d.slug)}.</>],
  ['home.curate', (s) => <Pins {...s} />],
  ['media.upload', (s) => `Uploaded image #${subjectId(s.e.subject, 'media') ?? '?'}.`],
  [
    'author.create',
    (s) => (
      <>
        Created {authorRef(subjectId(s.e.subject, 'author'))} {quoted(s.d.slug)}.
      </>
    ),
  ],
  [
    'author.update',
    (s) => (
      <>
        Changed {authorRef(subjectId(s.e.subject, 'author'))}: {listOf(s.d.changed) || 'nothing'}.
      </>
    ),
  ],
];

const SENTENCES = new Map<string, Sentence>([...ARTICLES, ...ACCOUNTS, ...DESK]);

/** The home page's pins after a change, in order. */
function Pins(s: Said) {
  const pins = Array.isArray(s.d.pins) ? s.d.pins.filter((p): p is number => Number.isInteger(p)) : [];
  if (pins.length === 0) return <>Left no story pinned on the home page.</>;
  return (
    <>
      Pinned on the home page, in order:{' '}
      {pins.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <ArticleRef id={id} names={s.names} />
        </span>
      ))}
      .
    </>
  );
}

/** Details no sentence reads, as names and values (the system actor is shown as who acted). */
function DetailList(p: { d: Record<string, unknown> }) {
  const shown = Object.entries(p.d).filter(([k]) => k !== 'by');
  if (shown.length === 0) return null;
  return (
    <dl class="audit-details">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{text(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** An entry's details in words: its sentence, or the list of its details. */
export function AuditDetails(p: { e: AuditRecord; names: AuditNames; tz: string }) {
  const d = safeJson(p.e.details);
  const sentence = SENTENCES.get(p.e.action);
  if (!sentence) return <DetailList d={d} />;
  return <>{sentence({ e: p.e, d, names: p.names, tz: p.tz })}</>;
}

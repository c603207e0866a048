import type { Database } from '../core/db/database.ts';
import {
  type AuditCursor,
  type AuditEntry,
  type AuditFilter,
  type AuditRecord,
  anyAuditBeyond,
  articleHeadlines,
  auditActions,
  auditPageRows,
  auditUsers,
  insertAudit,
  listAudit,
  userNames,
} from './audit.repository.ts';

export type { AuditCursor, AuditRecord } from './audit.repository.ts';

/** One entry with the acting user's name when there is one (the raw list, for tools and tests). */
export type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];

/** What the audit log screen asks for, as its query string's schema leaves it (days already in UTC). */
export interface AuditQuery {
  /** An action (`article.publish`) or a family of them (`article.*`). */
  action?: string | undefined;
  userId?: number | undefined;
  subject?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  cursor?: AuditCursor | undefined;
}

/** The names an entry's words need: who acted and what it acted on. */
export interface AuditNames {
  users: Map<number, string>;
  articles: Map<number, string>;
}

export interface AuditPage {
  entries: AuditRecord[];
  names: AuditNames;
  /** The `after` cursor of the newer page, when there is one. */
  newer?: number | undefined;
  /** The `before` cursor of the older page, when there is one. */
  older?: number | undefined;
  /** The filter's choices: the actions present in the log and every account. */
  actions: string[];
  users: { id: number; name: string }[];
}

/** The actions a choice stands for: itself, or for `family.*` the family's actions present in the log. */
export function actionsOf(choice: string, present: string[]): string[] {
  if (!choice.endsWith('.*')) return [choice];
  const family = choice.slice(0, -2);
  return present.filter((a) => a === family || a.startsWith(`${family}.`));
}

/** The ids an entry names by subject (`article:12`) or, for home curation, in its pins. */
function namedIds(entries: AuditRecord[]): { users: number[]; articles: number[] } {
  const users = new Set<number>();
  const articles = new Set<number>();
  for (const e of entries) {
    if (e.user_id !== null) users.add(e.user_id);
    const m = /^(article|user):(\d{1,10})$/.exec(e.subject ?? '');
    if (m) (m[1] === 'article' ? articles : users).add(Number(m[2]));
    if (e.action === 'home.curate') {
      const pins = (safeJson(e.details) as { pins?: unknown }).pins;
      if (Array.isArray(pins)) for (const p of pins) if (Number.isInteger(p)) articles.add(p as number);
    }
  }
  return { users: [...users], articles: [...articles] };
}

/** Details as stored: a JSON object, or (for a row written by hand) the text as one value. */
export function safeJson(details: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(details);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { value: details };
  }
}

/** Who did what, when: logins, publishes, unpublishes, deletions and role changes. */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an entry; pass a transaction to make it part of that commit. */
  record(entry: AuditEntry, db: Database = this.db): Promise<void> {
    return insertAudit(db, this.now(), entry);
  }

  /** The newest `limit` entries, or those older than entry `beforeId` (the next page). */
  list(limit: number, beforeId?: number): Promise<AuditRow[]> {
    return listAudit(this.db, limit, beforeId);
  }

  /** What the filter offers: the actions present in the log and every account. */
  async choices(): Promise<Pick<AuditPage, 'actions' | 'users'>> {
    const [actions, users] = await Promise.all([auditActions(this.db), auditUsers(this.db)]);
    return { actions, users };
  }

  /** One page of the screen: the entries passing the filter, the names they need, the paging cursors. */
  async page(q: AuditQuery, limit: number): Promise<AuditPage> {
    const { actions, users } = await this.choices();
    const filter: AuditFilter = {
      actions: q.action === undefined ? undefined : actionsOf(q.action, actions),
      userId: q.userId,
      subject: q.subject,
      from: q.from,
      to: q.to,
    };
    // One more than a page says whether there is more in the direction read.
    const rows = await auditPageRows(this.db, filter, limit + 1, q.cursor);
    const readingNewer = q.cursor !== undefined && 'after' in q.cursor;
    const more = rows.length > limit;
    const entries = readingNewer
      ? rows.slice(rows.length - Math.min(rows.length, limit))
      : rows.slice(0, limit);
    const first = entries[0];
    const last = entries[entries.length - 1];
    const beyond = async (op: '<' | '>', id: number | undefined) =>
      id !== undefined && (await anyAuditBeyond(this.db, filter, op, id)) ? id : undefined;
    const newer = readingNewer
      ? more
        ? first?.id
        : undefined
      : q.cursor
        ? await beyond('>', first?.id)
        : undefined;
    const older = readingNewer ? await beyond('<', last?.id) : more ? last?.id : undefined;
    const ids = namedIds(entries);
    const [userMap, articleMap] = await Promise.all([
      userNames(this.db, ids.users),
      articleHeadlines(this.db, ids.articles),
    ]);
    return { entries, names: { users: userMap, articles: articleMap }, newer, older, actions, users };
  }
}

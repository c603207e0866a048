import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { DB } from '../core/db/schema.ts';

export interface AuditEntry {
  userId: number | null;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function insertAudit(db: Database, at: number, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      user_id: e.userId,
      action: e.action,
      subject: e.subject ?? null,
      details: JSON.stringify(e.details ?? {}),
      ip: e.ip ?? null,
    })
    .execute();
}

export async function listAudit(db: Database, limit: number, beforeId?: number) {
  let q = db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .select([
      'l.id',
      'l.at',
      'l.action',
      'l.subject',
      'l.details',
      'l.ip',
      'u.name as user_name',
      'u.email as user_email',
    ]);
  if (beforeId !== undefined) q = q.where('l.id', '<', beforeId);
  return q.orderBy('l.id', 'desc').limit(limit).execute();
}

/** What the audit log screen narrows the entries to; every part is optional. */
export interface AuditFilter {
  /** Exact action names (a prefix is expanded to the actions present); an empty list matches nothing. */
  actions?: string[] | undefined;
  userId?: number | undefined;
  subject?: string | undefined;
  /** Times as [from, to), epoch ms. */
  from?: number | undefined;
  to?: number | undefined;
}

/** A page of the log: the entries older than `before`, or newer than `after` (the previous page). */
export type AuditCursor = { before: number } | { after: number };

export type AuditRecord = Awaited<ReturnType<typeof auditPageRows>>[number];

type LogWhere = ExpressionBuilder<DB & { l: DB['audit_log'] }, 'l'>;

function matching(eb: LogWhere, f: AuditFilter, id?: ['<' | '>' | '<=' | '>=', number]): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [];
  if (f.actions) all.push(eb('l.action', 'in', f.actions));
  if (f.userId !== undefined) all.push(eb('l.user_id', '=', f.userId));
  if (f.subject !== undefined) all.push(eb('l.subject', '=', f.subject));
  if (f.from !== undefined) all.push(eb('l.at', '>=', f.from));
  if (f.to !== undefined) all.push(eb('l.at', '<', f.to));
  if (id) all.push(eb('l.id', id[0], id[1]));
  return eb.and(all);
}

/**
 * Up to `limit` entries passing the filter, newest first, from the cursor on. Keyset by id: an
 * entry written meanwhile has a higher id, so it never shifts a page that is being read.
 */
export async function auditPageRows(db: Database, f: AuditFilter, limit: number, cursor?: AuditCursor) {
  if (f.actions?.length === 0) return [];
  const newer = cursor && 'after' in cursor;
  const id = cursor && ('after' in cursor ? (['>', cursor.after] as const) : (['<', cursor.before] as const));
  const rows = await db
    .selectFrom('audit_log as l')
    .select(['l.id', 'l.at', 'l.user_id', 'l.action', 'l.subject', 'l.details', 'l.ip'])
    .where((eb) => matching(eb, f, id && [id[0], id[1]]))
    .orderBy('l.id', newer ? 'asc' : 'desc')
    .limit(limit)
    .execute();
  return newer ? rows.reverse() : rows;
}

/** Whether any entry passing the filter lies beyond `id` in that direction (for the paging links). */
export async function anyAuditBeyond(
  db: Database,
  f: AuditFilter,
  op: '<' | '>',
  id: number,
): Promise<boolean> {
  if (f.actions?.length === 0) return false;
  const row = await db
    .selectFrom('audit_log as l')
    .select('l.id')
    .where((eb) => matching(eb, f, [op, id]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The distinct actions in the log, in order. A loose index scan over (action, id): one seek per
 * action present, a few dozen at most, however long the log (DISTINCT would read every entry).
 */
export async function auditActions(db: Database): Promise<string[]> {
  const r = await sql<{ action: string }>`
    with recursive present(action) as (
      select min(action) from audit_log
      union all
      select (select min(n.action) from audit_log n where n.action > present.action)
      from present where present.action is not null
    )
    select action from present where action is not null`.execute(db);
  return r.rows.map((x) => x.action);
}

/** Every account, by name, for the "who" filter (a newsroom has dozens, not thousands). */
export function auditUsers(db: Database): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('users').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

export async function userNames(db: Database, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Headlines of the articles entries name (deleted ones are simply missing). */
export async function articleHeadlines(db: Database, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('articles').select(['id', 'headline']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.headline]));
}

import type { Database } from '../core/db/database.ts';
import type { ArticleStatus, ArticleTable } from '../core/db/schema.ts';

/** Writes to an existing article: content, status, revisions, comments and corrections. */

export type ContentPatch = Pick<
  ArticleTable,
  | 'headline'
  | 'place'
  | 'lede'
  | 'body'
  | 'slug'
  | 'section_id'
  | 'root_section_id'
  | 'kind'
  | 'breaking'
  | 'lead_media_id'
>;

/** Applies the patch only if nobody saved since `expectedVersion`; false means a conflict. */
export async function updateContent(
  db: Database,
  id: number,
  expectedVersion: number,
  patch: ContentPatch & { updated_at: number },
): Promise<boolean> {
  const r = await db
    .updateTable('articles')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateStatus(
  db: Database,
  id: number,
  expectedVersion: number | undefined,
  patch: {
    status: ArticleStatus;
    published_at?: number | null;
    scheduled_at?: number | null;
    updated_at: number;
  },
): Promise<boolean> {
  let q = db
    .updateTable('articles')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Listings read the publish time from the join tables: set on publish, cleared on unpublish. */
export async function setJoinPublishedAt(
  db: Database,
  id: number,
  publishedAt: number | null,
): Promise<void> {
  await db
    .updateTable('article_tags')
    .set({ published_at: publishedAt })
    .where('article_id', '=', id)
    .execute();
  await db
    .updateTable('article_authors')
    .set({ published_at: publishedAt })
    .where('article_id', '=', id)
    .execute();
}

export async function insertRevision(
  db: Database,
  r: {
    article_id: number;
    version: number;
    saved_at: number;
    saved_by: number | null;
    status: string;
    content: string;
  },
): Promise<void> {
  await db.insertInto('article_revisions').values(r).execute();
}

export async function listRevisions(db: Database, articleId: number) {
  return db
    .selectFrom('article_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.saved_by')
    .select(['r.id', 'r.version', 'r.saved_at', 'r.status', 'u.name as saved_by_name'])
    .where('r.article_id', '=', articleId)
    .orderBy('r.version', 'desc')
    .execute();
}

export async function findRevision(db: Database, articleId: number, id: number) {
  return db
    .selectFrom('article_revisions')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertComment(
  db: Database,
  c: { article_id: number; user_id: number; body: string; created_at: number },
): Promise<void> {
  await db.insertInto('article_comments').values(c).execute();
}

export async function listComments(db: Database, articleId: number) {
  return db
    .selectFrom('article_comments as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.body', 'c.created_at', 'u.name as author'])
    .where('c.article_id', '=', articleId)
    .orderBy('c.id')
    .execute();
}

export async function insertCorrection(
  db: Database,
  c: { article_id: number; note: string; created_at: number; user_id: number | null },
): Promise<void> {
  await db.insertInto('article_corrections').values(c).execute();
}

export async function listCorrections(db: Database, articleId: number) {
  return db
    .selectFrom('article_corrections')
    .select(['id', 'note', 'created_at'])
    .where('article_id', '=', articleId)
    .orderBy('id')
    .execute();
}

/** Scheduled articles whose time has come, oldest first. */
export async function dueScheduled(db: Database, now: number, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'version'])
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', now)
    .orderBy('scheduled_at')
    .limit(limit)
    .execute();
}

/** The newsroom's article list: by status, optionally only one user's, most recently changed first. */
export async function listForNewsroom(
  db: Database,
  opts: { statuses: ArticleStatus[]; createdBy?: number; limit: number },
) {
  let q = db
    .selectFrom('articles as a')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .select([
      'a.id',
      'a.slug',
      'a.headline',
      'a.status',
      'a.section_id',
      'a.updated_at',
      'a.published_at',
      'a.scheduled_at',
      'a.created_by',
      'u.name as created_by_name',
    ])
    .where('a.status', 'in', opts.statuses);
  if (opts.createdBy !== undefined) q = q.where('a.created_by', '=', opts.createdBy);
  return q.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(opts.limit).execute();
}

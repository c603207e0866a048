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

/** A workflow move, with the content saved in the same step when given; false means a conflict. */
export async function updateStatus(
  db: Database,
  id: number,
  expectedVersion: number | undefined,
  patch: {
    status: ArticleStatus;
    published_at?: number | null;
    scheduled_at?: number | null;
    updated_at: number;
  } & Partial<ContentPatch>,
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
  opts: {
    statuses: ArticleStatus[];
    createdBy?: number | undefined;
    limit: number;
    commentedByOthers?: boolean;
  },
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
  const others = opts.commentedByOthers;
  if (others !== undefined) {
    q = q.where((eb) => {
      const byOthers = eb
        .selectFrom('article_comments as c')
        .select('c.id')
        .whereRef('c.article_id', '=', 'a.id')
        .where((w) => w.or([w('a.created_by', 'is', null), w('c.user_id', '!=', w.ref('a.created_by'))]));
      return others ? eb.exists(byOthers) : eb.not(eb.exists(byOthers));
    });
  }
  return q.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(opts.limit).execute();
}

/** The latest comment by anyone but `userId` on each of the articles, by article id. */
export async function latestCommentsByOthers(db: Database, articleIds: number[], userId: number) {
  const rows = await db
    .selectFrom('article_comments as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.article_id', 'c.body', 'c.created_at', 'u.name as author'])
    .where('c.article_id', 'in', articleIds)
    .where('c.user_id', '!=', userId)
    .orderBy('c.id', 'desc')
    .execute();
  const latest = new Map<number, { author: string; body: string; created_at: number }>();
  for (const r of rows) if (!latest.has(r.article_id)) latest.set(r.article_id, r);
  return latest;
}

import { sql } from 'kysely';
import type { Cursor } from '../core/cursor.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleRow, NewArticleRow } from '../core/db/schema.ts';

/** What a listing shows of an article. */
import type { ArticleSummary } from '../core/model.ts';

export type { ArticleSummary };

/** The columns a listing shows, on the articles table aliased `a`. */
export const SUMMARY = [
  'a.id',
  'a.slug',
  'a.headline',
  'a.place',
  'a.lede',
  'a.section_id',
  'a.kind',
  'a.breaking',
  'a.published_at',
  'a.view_count',
] as const;

type Summaryish = Omit<ArticleSummary, 'published_at'> & { published_at: number | null };
const asSummaries = (rows: Summaryish[]) => rows as ArticleSummary[];

/** Keyset condition: strictly older than the cursor, by (publish time, id). */
function olderThan(col: string, idCol: string, c?: Cursor) {
  return c
    ? sql<boolean>`(${sql.ref(col)}, ${sql.ref(idCol)}) < (${c.publishedAt}, ${c.id})`
    : sql<boolean>`1 = 1`;
}

export async function insertArticle(db: Database, row: NewArticleRow): Promise<number> {
  const r = await db.insertInto('articles').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The article's tags or authors, in order: one join table each, the same shape. */
const JOINS = {
  article_tags: 'tag_id',
  article_authors: 'author_id',
} as const;

async function setJoin(
  db: Database,
  table: keyof typeof JOINS,
  articleId: number,
  ids: number[],
  publishedAt: number | null,
) {
  await db.deleteFrom(table).where('article_id', '=', articleId).execute();
  if (ids.length === 0) return;
  const column = JOINS[table];
  await db
    .insertInto(table)
    .values(
      ids.map((id, position) => ({
        article_id: articleId,
        [column]: id,
        position,
        published_at: publishedAt,
      })) as {
        article_id: number;
        tag_id: number;
        author_id: number;
        position: number;
        published_at: number | null;
      }[],
    )
    .execute();
}

export function setArticleTags(
  db: Database,
  articleId: number,
  tagIds: number[],
  publishedAt: number | null,
) {
  return setJoin(db, 'article_tags', articleId, tagIds, publishedAt);
}

export function setArticleAuthors(
  db: Database,
  articleId: number,
  authorIds: number[],
  publishedAt: number | null,
) {
  return setJoin(db, 'article_authors', articleId, authorIds, publishedAt);
}

export async function findArticleById(db: Database, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function tagsOfArticle(db: Database, id: number) {
  return db
    .selectFrom('article_tags as at')
    .innerJoin('tags as t', 't.id', 'at.tag_id')
    .select(['t.id', 't.slug', 't.name'])
    .where('at.article_id', '=', id)
    .orderBy('at.position')
    .execute();
}

export async function authorsOfArticle(db: Database, id: number) {
  return db
    .selectFrom('article_authors as aa')
    .innerJoin('authors as au', 'au.id', 'aa.author_id')
    .select(['au.id', 'au.slug', 'au.name'])
    .where('aa.article_id', '=', id)
    .orderBy('aa.position')
    .execute();
}

export async function listLatest(db: Database, limit: number, before?: Cursor): Promise<ArticleSummary[]> {
  const rows = await db
    .selectFrom('articles as a')
    .select(SUMMARY)
    .where('a.status', '=', 'published')
    .where(olderThan('a.published_at', 'a.id', before))
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return asSummaries(rows);
}

export async function listBreaking(db: Database, since: number, limit: number): Promise<ArticleSummary[]> {
  const rows = await db
    .selectFrom('articles as a')
    .select(SUMMARY)
    .where('a.status', '=', 'published')
    .where('a.published_at', '>=', since)
    .where('a.breaking', '=', 1)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return asSummaries(rows);
}

/** A top-level section's listing includes its children's articles: one range on root_section_id. */
export async function listBySection(
  db: Database,
  section: { id: number; isRoot: boolean },
  limit: number,
  before?: Cursor,
  excludeId?: number,
): Promise<ArticleSummary[]> {
  const col = section.isRoot ? 'a.root_section_id' : 'a.section_id';
  let q = db
    .selectFrom('articles as a')
    .select(SUMMARY)
    .where(col, '=', section.id)
    .where('a.status', '=', 'published')
    .where(olderThan('a.published_at', 'a.id', before));
  if (excludeId !== undefined) q = q.where('a.id', '<>', excludeId);
  const rows = await q.orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
  return asSummaries(rows);
}

/**
 * Tag and author listings page through their join table, which carries the publish time, so the
 * keyset range is one index scan. Both tables have the same shape (article_id, published_at).
 */
async function listThroughJoin(
  db: Database,
  join: { table: 'article_tags'; key: 'tag_id' } | { table: 'article_authors'; key: 'author_id' },
  keyId: number,
  limit: number,
  before?: Cursor,
) {
  // One concrete table type for Kysely; the other has the same columns under its own key name.
  const table = join.table as 'article_tags';
  const key = join.key as 'tag_id';
  const rows = await db
    .selectFrom(`${table} as j`)
    .innerJoin('articles as a', 'a.id', 'j.article_id')
    .select(SUMMARY)
    .where(`j.${key}`, '=', keyId)
    .where('j.published_at', 'is not', null)
    .where(olderThan('j.published_at', 'j.article_id', before))
    .where('a.status', '=', 'published')
    .orderBy('j.published_at', 'desc')
    .orderBy('j.article_id', 'desc')
    .limit(limit)
    .execute();
  return asSummaries(rows);
}

export function listByTag(db: Database, tagId: number, limit: number, before?: Cursor) {
  return listThroughJoin(db, { table: 'article_tags', key: 'tag_id' }, tagId, limit, before);
}

export function listByAuthor(db: Database, authorId: number, limit: number, before?: Cursor) {
  return listThroughJoin(db, { table: 'article_authors', key: 'author_id' }, authorId, limit, before);
}

export async function listInRange(db: Database, from: number, to: number, limit: number, before?: Cursor) {
  const rows = await db
    .selectFrom('articles as a')
    .select(SUMMARY)
    .where('a.status', '=', 'published')
    .where('a.published_at', '>=', from)
    .where('a.published_at', '<', to)
    .where(olderThan('a.published_at', 'a.id', before))
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return asSummaries(rows);
}

/** The precomputed related list, published articles only, in rank order. */
export async function listRelated(db: Database, articleId: number, limit: number) {
  const rows = await db
    .selectFrom('article_related as r')
    .innerJoin('articles as a', 'a.id', 'r.related_id')
    .select(SUMMARY)
    .where('r.article_id', '=', articleId)
    .where('a.status', '=', 'published')
    .orderBy('r.rank')
    .limit(limit)
    .execute();
  return asSummaries(rows);
}

export async function replaceRelated(db: Database, articleId: number, relatedIds: number[]) {
  await db.deleteFrom('article_related').where('article_id', '=', articleId).execute();
  if (relatedIds.length === 0) return;
  await db
    .insertInto('article_related')
    .values(relatedIds.map((related_id, rank) => ({ article_id: articleId, related_id, rank })))
    .execute();
}

/** Recent published articles sharing a tag, with their section: the candidate pool for related articles. */
export async function recentInTag(db: Database, tagId: number, limit: number) {
  return db
    .selectFrom('article_tags as at')
    .innerJoin('articles as a', 'a.id', 'at.article_id')
    .select(['at.article_id as id', 'at.published_at', 'a.section_id'])
    .where('at.tag_id', '=', tagId)
    .where('at.published_at', 'is not', null)
    .where('a.status', '=', 'published')
    .orderBy('at.published_at', 'desc')
    .orderBy('at.article_id', 'desc')
    .limit(limit)
    .execute();
}

export async function countPublished(db: Database): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The newest `limit` articles published after a time, oldest first (live updates replayed after a
 * reconnect: a reader away for long needs the latest stories, not the first ones they missed).
 */
/** The fields a live event carries. */
export async function findLiveFields(db: Database, id: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'headline', 'place', 'section_id', 'breaking'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listPublishedSince(db: Database, after: number, limit: number) {
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'headline', 'place', 'section_id', 'breaking', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '>', after)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return (rows as (Omit<(typeof rows)[number], 'published_at'> & { published_at: number })[]).reverse();
}

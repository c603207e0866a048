import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';

/** The pseudo-feature whose count is the number of published articles with features. */
export const TOTAL = '#';

export async function featuresOf(db: Database, articleId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('article_features')
    .select('feature')
    .where('article_id', '=', articleId)
    .execute();
  return rows.map((r) => r.feature);
}

export async function deleteFeatures(db: Database, articleId: number): Promise<void> {
  await db.deleteFrom('article_features').where('article_id', '=', articleId).execute();
}

export async function insertFeatures(
  db: Database,
  articleId: number,
  publishedAt: number,
  features: string[],
) {
  if (features.length === 0) return;
  await db
    .insertInto('article_features')
    .values(features.map((feature) => ({ article_id: articleId, feature, published_at: publishedAt })))
    .execute();
}

/** Adds `delta` to each feature's article count, in one statement. Features must be distinct. */
export async function bumpCounts(db: Database, features: string[], delta: 1 | -1): Promise<void> {
  if (features.length === 0) return;
  await db
    .insertInto('feature_counts')
    .values(features.map((feature) => ({ feature, articles: Math.max(delta, 0) })))
    .onConflict((oc) =>
      oc.column('feature').doUpdateSet({ articles: sql`feature_counts.articles + ${delta}` }),
    )
    .execute();
}

export async function bulkAddCounts(db: Database, counts: Map<string, number>): Promise<void> {
  const rows = [...counts].map(([feature, articles]) => ({ feature, articles }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('feature_counts')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.column('feature').doUpdateSet({ articles: sql`feature_counts.articles + excluded.articles` }),
      )
      .execute();
  }
}

export async function counts(db: Database, features: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < features.length; i += 500) {
    const rows = await db
      .selectFrom('feature_counts')
      .select(['feature', 'articles'])
      .where('feature', 'in', features.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.feature, r.articles);
  }
  return out;
}

/** The most recent articles having each feature: one index range per feature, in one statement. */
export async function recentWithFeatures(db: Database, features: string[], limit: number) {
  if (features.length === 0) return [];
  const arms = features.map(
    (f, i) => sql`select * from (select feature, article_id, published_at from article_features
      where feature = ${f} order by published_at desc, article_id desc limit ${limit}) ${sql.raw(`f${i}`)}`,
  );
  const r = await sql<{ feature: string; article_id: number; published_at: number }>`${sql.join(
    arms,
    sql` union all `,
  )}`.execute(db);
  return r.rows;
}

/**
 * For each candidate, which of `features` it has: seeks on the primary key (article id, feature),
 * answered from the index alone. (Selecting another column, or filtering on the article id only,
 * costs two to five times as much.)
 */
export async function sharedFeatures(db: Database, articleIds: number[], features: string[]) {
  if (articleIds.length === 0 || features.length === 0) return [];
  return db
    .selectFrom('article_features')
    .select(['article_id', 'feature'])
    .where('article_id', 'in', articleIds)
    .where('feature', 'in', features)
    .execute();
}

export async function relatedLists(db: Database, articleIds: number[]) {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('article_related as r')
    .innerJoin('articles as a', 'a.id', 'r.related_id')
    .select(['r.article_id', 'r.related_id', 'r.score', 'a.published_at'])
    .where('r.article_id', 'in', articleIds)
    .orderBy('r.article_id')
    .orderBy('r.rank')
    .execute();
}

export async function replaceRelated(
  db: Database,
  articleId: number,
  list: { id: number; score: number }[],
): Promise<void> {
  await db.deleteFrom('article_related').where('article_id', '=', articleId).execute();
  if (list.length === 0) return;
  await db
    .insertInto('article_related')
    .values(list.map((r, rank) => ({ article_id: articleId, related_id: r.id, rank, score: r.score })))
    .execute();
}

/** Replaces several lists in two statements (the refresh of older articles' lists). */
export async function replaceRelatedMany(
  db: Database,
  lists: Map<number, { id: number; score: number }[]>,
): Promise<void> {
  if (lists.size === 0) return;
  await db
    .deleteFrom('article_related')
    .where('article_id', 'in', [...lists.keys()])
    .execute();
  const rows = [...lists].flatMap(([articleId, list]) =>
    list.map((r, rank) => ({ article_id: articleId, related_id: r.id, rank, score: r.score })),
  );
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('article_related')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/** Articles whose lists show this one (to drop it when it is withdrawn). */
export async function listsShowing(db: Database, articleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('article_related')
    .select('article_id')
    .where('related_id', '=', articleId)
    .execute();
  return rows.map((r) => r.article_id);
}

export async function removeFromLists(db: Database, articleId: number): Promise<void> {
  await db.deleteFrom('article_related').where('related_id', '=', articleId).execute();
}

export async function articleForFeatures(db: Database, id: number) {
  const a = await db
    .selectFrom('articles')
    .select(['id', 'status', 'headline', 'place', 'lede', 'body', 'published_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!a) return undefined;
  const tags = await db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute();
  return { ...a, tagIds: tags.map((t) => t.tag_id) };
}

export async function clearAll(db: Database): Promise<void> {
  await db.deleteFrom('article_related').execute();
  await db.deleteFrom('article_features').execute();
  await db.deleteFrom('feature_counts').execute();
}

/** Published articles in publish order after a (published_at, id) position, for a rebuild. */
export async function publishedInOrder(db: Database, after: { at: number; id: number }, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .where(sql<boolean>`(published_at, id) > (${after.at}, ${after.id})`)
    .orderBy('published_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Renames a feature everywhere (a tag merged into another): articles that had both keep one row,
 * and the counts follow.
 */
export async function renameFeature(db: Database, from: string, to: string): Promise<void> {
  await db
    .deleteFrom('article_features')
    .where('feature', '=', from)
    .where(
      'article_id',
      'in',
      db.selectFrom('article_features').select('article_id').where('feature', '=', to),
    )
    .execute();
  await db.updateTable('article_features').set({ feature: to }).where('feature', '=', from).execute();
  await db.deleteFrom('feature_counts').where('feature', '=', from).execute();
  const total = await db
    .selectFrom('article_features')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('feature', '=', to)
    .executeTakeFirstOrThrow();
  await db.deleteFrom('feature_counts').where('feature', '=', to).execute();
  if (Number(total.n) > 0)
    await db
      .insertInto('feature_counts')
      .values({ feature: to, articles: Number(total.n) })
      .execute();
}

/** Whether features were ever built (false on a database from before them). */
export async function hasIndexTotal(db: Database): Promise<boolean> {
  const r = await db
    .selectFrom('feature_counts')
    .select('feature')
    .where('feature', '=', TOTAL)
    .executeTakeFirst();
  return r !== undefined;
}

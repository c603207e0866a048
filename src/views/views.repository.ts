import { sql } from 'kysely';
import { type ArticleSummary, SUMMARY } from '../articles/articles.repository.ts';
import type { Database } from '../core/db/database.ts';

/**
 * Adds a batch of counted views: to each article's total and to its hour's row. One transaction
 * per flush, two statements per article viewed in the interval, whatever the traffic. An id that
 * is no longer an article (deleted since it was counted) is skipped.
 */
export async function addViews(db: Database, hour: number, counts: Map<number, number>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [id, n] of counts) {
      const r = await trx
        .updateTable('articles')
        .set({ view_count: sql`view_count + ${n}` })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) continue;
      await trx
        .insertInto('article_views')
        .values({ hour, article_id: id, views: n })
        .onConflict((oc) =>
          oc.columns(['hour', 'article_id']).doUpdateSet({ views: sql`article_views.views + ${n}` }),
        )
        .execute();
    }
  });
}

/** Whether an id is a published article's: one primary-key lookup. */
export async function isPublished(db: Database, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('id', '=', id)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row !== undefined;
}

export async function pruneViews(db: Database, beforeHour: number): Promise<void> {
  await db.deleteFrom('article_views').where('hour', '<', beforeHour).execute();
}

/** The most viewed published articles since an hour, with their views in that window. */
export async function mostViewed(db: Database, sinceHour: number, limit: number): Promise<ArticleSummary[]> {
  const top = db
    .selectFrom('article_views')
    .select(['article_id', (eb) => eb.fn.sum<number>('views').as('recent')])
    .where('hour', '>=', sinceHour)
    .groupBy('article_id')
    .orderBy('recent', 'desc')
    .orderBy('article_id', 'desc')
    .limit(limit * 2)
    .as('v');
  const rows = await db
    .selectFrom(top)
    .innerJoin('articles as a', 'a.id', 'v.article_id')
    .select(SUMMARY)
    .where('a.status', '=', 'published')
    .orderBy('v.recent', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows as ArticleSummary[];
}

/** Hourly rows written as they are (demo history); totals are not touched. */
export async function insertHourlyViews(
  db: Database,
  rows: { hour: number; article_id: number; views: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 300) {
    await db
      .insertInto('article_views')
      .values(rows.slice(i, i + 300))
      .onConflict((oc) =>
        oc.columns(['hour', 'article_id']).doUpdateSet({ views: sql`article_views.views + excluded.views` }),
      )
      .execute();
  }
}

import { type ArticleSummary, SUMMARY } from '../articles/articles.repository.ts';
import type { Database } from '../core/db/database.ts';

/** Pinned top stories in their order, published ones only. Pins first (a handful of rows), then
 * the articles by id: the planner is never tempted to drive the join from the articles table. */
export async function listPinned(db: Database): Promise<ArticleSummary[]> {
  const ids = await pinnedIds(db);
  if (ids.length === 0) return [];
  const rows = (await db
    .selectFrom('articles as a')
    .select(SUMMARY)
    .where('a.id', 'in', ids)
    .where('a.status', '=', 'published')
    .execute()) as ArticleSummary[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function pinnedIds(db: Database): Promise<number[]> {
  return (await db.selectFrom('home_pins').select('article_id').orderBy('position').execute()).map(
    (r) => r.article_id,
  );
}

/** Replaces the pin list with these ids, in this order. */
export async function setPins(db: Database, ids: number[]): Promise<void> {
  await db.deleteFrom('home_pins').execute();
  if (ids.length)
    await db
      .insertInto('home_pins')
      .values(ids.map((article_id, position) => ({ article_id, position })))
      .execute();
}

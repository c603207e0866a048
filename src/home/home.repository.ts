import type { ArticleSummary } from '../articles/articles.repository.ts';
import type { Database } from '../core/db/database.ts';

/** Pinned top stories in their order, published ones only. */
export async function listPinned(db: Database): Promise<ArticleSummary[]> {
  const rows = await db
    .selectFrom('home_pins as p')
    .innerJoin('articles as a', 'a.id', 'p.article_id')
    .select([
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
    ])
    .where('a.status', '=', 'published')
    .orderBy('p.position')
    .execute();
  return rows as ArticleSummary[];
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

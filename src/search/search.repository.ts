import type { ArticleSummary } from '../articles/articles.repository.ts';
import { SUMMARY } from '../articles/articles.repository.ts';
import type { Database } from '../core/db/database.ts';
import { htmlToText } from '../core/text.ts';
import type { SearchDocument } from './engine.ts';

/** Index documents for those of `ids` that are published; the others are returned to be removed. */
export async function loadDocuments(
  db: Database,
  ids: number[],
): Promise<{ docs: SearchDocument[]; gone: number[] }> {
  if (ids.length === 0) return { docs: [], gone: [] };
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'headline', 'place', 'lede', 'body'])
    .where('id', 'in', ids)
    .where('status', '=', 'published')
    .execute();
  const tags = await db
    .selectFrom('article_tags as at')
    .innerJoin('tags as t', 't.id', 'at.tag_id')
    .select(['at.article_id', 't.name'])
    .where('at.article_id', 'in', ids)
    .execute();
  const tagText = new Map<number, string[]>();
  for (const t of tags) {
    const list = tagText.get(t.article_id);
    if (list) list.push(t.name);
    else tagText.set(t.article_id, [t.name]);
  }
  const found = new Set(rows.map((r) => r.id));
  return {
    docs: rows.map((r) => ({
      id: r.id,
      headline: r.place ? `${r.place}: ${r.headline}` : r.headline,
      lede: r.lede,
      body: htmlToText(r.body),
      tags: (tagText.get(r.id) ?? []).join(', '),
    })),
    gone: ids.filter((id) => !found.has(id)),
  };
}

/** Published article ids in id order after `afterId`, for a rebuild in batches. */
export async function publishedIdsAfter(db: Database, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function articleIdsWithTags(db: Database, tagIds: number[]): Promise<number[]> {
  if (tagIds.length === 0) return [];
  const rows = await db
    .selectFrom('article_tags')
    .select('article_id')
    .distinct()
    .where('tag_id', 'in', tagIds)
    .execute();
  return rows.map((r) => r.article_id);
}

/** Listing rows plus the text a snippet is cut from. */
export async function summariesWithText(
  db: Database,
  ids: number[],
): Promise<(ArticleSummary & { body: string })[]> {
  if (ids.length === 0) return [];
  // By primary key only: with a status condition too, SQLite may pick the status index and scan.
  const rows = await db
    .selectFrom('articles as a')
    .select([...SUMMARY, 'a.body', 'a.status'])
    .where('a.id', 'in', ids)
    .execute();
  return rows.filter((r) => r.status === 'published') as (ArticleSummary & { body: string })[];
}

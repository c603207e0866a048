import type { Database } from '../core/db/database.ts';

/** What a feed entry carries: the article whole, with its authors and tags. */
export interface FeedEntry {
  id: number;
  slug: string;
  headline: string;
  place: string | null;
  lede: string;
  body: string;
  published_at: number;
  updated_at: number;
  authors: { name: string; slug: string }[];
  tags: { name: string; slug: string }[];
}

/** The listed articles, in the order given, with authors and tags (three queries whatever the count). */
export async function feedEntries(db: Database, ids: number[]): Promise<FeedEntry[]> {
  if (ids.length === 0) return [];
  const [rows, authors, tags] = await Promise.all([
    db
      .selectFrom('articles')
      .select(['id', 'slug', 'headline', 'place', 'lede', 'body', 'published_at', 'updated_at'])
      .where('id', 'in', ids)
      .where('status', '=', 'published')
      .execute(),
    db
      .selectFrom('article_authors as aa')
      .innerJoin('authors as u', 'u.id', 'aa.author_id')
      .select(['aa.article_id', 'u.name', 'u.slug'])
      .where('aa.article_id', 'in', ids)
      .orderBy('aa.article_id')
      .orderBy('aa.position')
      .execute(),
    db
      .selectFrom('article_tags as at')
      .innerJoin('tags as t', 't.id', 'at.tag_id')
      .select(['at.article_id', 't.name', 't.slug'])
      .where('at.article_id', 'in', ids)
      .orderBy('at.article_id')
      .orderBy('at.position')
      .execute(),
  ]);
  const byId = new Map(
    rows.map((r) => [
      r.id,
      { ...r, published_at: r.published_at ?? r.updated_at, authors: [], tags: [] } as FeedEntry,
    ]),
  );
  for (const a of authors) byId.get(a.article_id)?.authors.push({ name: a.name, slug: a.slug });
  for (const t of tags) byId.get(t.article_id)?.tags.push({ name: t.name, slug: t.slug });
  return ids.map((id) => byId.get(id)).filter((e): e is FeedEntry => e !== undefined);
}

/** Published articles in [from, to), oldest first: a month's sitemap. */
export async function articlesPublishedIn(db: Database, from: number, to: number, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'updated_at'])
    .where('status', '=', 'published')
    .where('published_at', '>=', from)
    .where('published_at', '<', to)
    .orderBy('published_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The first and last publish times, for the months the sitemap index lists. */
export async function publishedSpan(db: Database): Promise<{ first: number; last: number } | null> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => [eb.fn.min('published_at').as('first'), eb.fn.max('published_at').as('last')])
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (r?.first == null || r.last == null) return null;
  return { first: Number(r.first), last: Number(r.last) };
}

/** Articles published since a time, newest first: the news sitemap. */
export async function publishedSince(db: Database, since: number, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'headline', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '>=', since)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

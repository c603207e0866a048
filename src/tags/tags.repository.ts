import type { Database } from '../core/db/database.ts';
import type { TagRow } from '../core/db/schema.ts';

export async function findTagBySlug(db: Database, slug: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findTagsBySlugs(db: Database, slugs: string[]): Promise<TagRow[]> {
  if (slugs.length === 0) return [];
  return db.selectFrom('tags').selectAll().where('slug', 'in', slugs).execute();
}

export async function insertTag(db: Database, tag: { slug: string; name: string }): Promise<TagRow> {
  return db.insertInto('tags').values(tag).returningAll().executeTakeFirstOrThrow();
}

export async function countTags(db: Database): Promise<number> {
  const r = await db
    .selectFrom('tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Tag names for the editor's suggestions, most used first. */
export async function popularTagNames(db: Database, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('tags as t')
    .leftJoin('article_tags as at', 'at.tag_id', 't.id')
    .select(['t.name', (eb) => eb.fn.count('at.article_id').as('n')])
    .groupBy(['t.id', 't.name'])
    .orderBy('n', 'desc')
    .orderBy('t.name')
    .limit(limit)
    .execute();
  return rows.map((r) => r.name);
}

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

export async function findTagById(db: Database, id: number): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTagsWithCounts(db: Database, limit: number, search?: string) {
  let q = db
    .selectFrom('tags as t')
    .leftJoin('article_tags as at', 'at.tag_id', 't.id')
    .select(['t.id', 't.slug', 't.name', (eb) => eb.fn.count<number>('at.article_id').as('n')])
    .groupBy(['t.id', 't.slug', 't.name']);
  if (search) q = q.where('t.name', 'like', `%${search.replace(/[%_\\]/g, '')}%`);
  return q.orderBy('t.name').limit(limit).execute();
}

export async function updateTag(
  db: Database,
  id: number,
  patch: { slug: string; name: string },
): Promise<void> {
  await db.updateTable('tags').set(patch).where('id', '=', id).execute();
}

export async function countTagArticles(db: Database, id: number): Promise<number> {
  const r = await db
    .selectFrom('article_tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tag_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Moves every article from one tag to another (skipping ones that already have it), then drops the source. */
export async function mergeTagInto(db: Database, sourceId: number, targetId: number): Promise<number[]> {
  const moved = await db
    .selectFrom('article_tags')
    .select('article_id')
    .where('tag_id', '=', sourceId)
    .execute();
  await db
    .deleteFrom('article_tags')
    .where('tag_id', '=', sourceId)
    .where(
      'article_id',
      'in',
      db.selectFrom('article_tags').select('article_id').where('tag_id', '=', targetId),
    )
    .execute();
  await db.updateTable('article_tags').set({ tag_id: targetId }).where('tag_id', '=', sourceId).execute();
  await db.updateTable('tag_redirects').set({ tag_id: targetId }).where('tag_id', '=', sourceId).execute();
  await db.deleteFrom('tags').where('id', '=', sourceId).execute();
  return moved.map((m) => m.article_id);
}

export async function deleteTag(db: Database, id: number): Promise<void> {
  await db.deleteFrom('tag_redirects').where('tag_id', '=', id).execute();
  await db.deleteFrom('tags').where('id', '=', id).execute();
}

export async function addTagRedirect(db: Database, oldSlug: string, tagId: number): Promise<void> {
  await db
    .insertInto('tag_redirects')
    .values({ old_slug: oldSlug, tag_id: tagId })
    .onConflict((oc) => oc.column('old_slug').doUpdateSet({ tag_id: tagId }))
    .execute();
  await db
    .deleteFrom('tag_redirects')
    .where('old_slug', 'in', db.selectFrom('tags').select('slug'))
    .execute();
}

export async function findTagRedirect(db: Database, oldSlug: string) {
  return db
    .selectFrom('tag_redirects as r')
    .innerJoin('tags as t', 't.id', 'r.tag_id')
    .select(['t.slug'])
    .where('r.old_slug', '=', oldSlug)
    .executeTakeFirst();
}

/** Every tag name (the vocabulary for suggestions), bounded. */
export async function allTagNames(db: Database, limit = 50_000): Promise<string[]> {
  const rows = await db.selectFrom('tags').select('name').orderBy('id').limit(limit).execute();
  return rows.map((r) => r.name);
}

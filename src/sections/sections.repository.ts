import type { Database } from '../core/db/database.ts';
import type { SectionRow } from '../core/db/schema.ts';

export async function listSections(db: Database): Promise<SectionRow[]> {
  return db.selectFrom('sections').selectAll().orderBy('position').orderBy('id').execute();
}

export async function insertSection(
  db: Database,
  s: { slug: string; name: string; parent_id: number | null; description: string; position: number },
): Promise<number> {
  const row = await db.insertInto('sections').values(s).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSection(
  db: Database,
  id: number,
  patch: { slug?: string; name?: string; description?: string; position?: number },
): Promise<void> {
  await db.updateTable('sections').set(patch).where('id', '=', id).execute();
}

export async function deleteSection(db: Database, id: number): Promise<void> {
  await db.deleteFrom('section_redirects').where('section_id', '=', id).execute();
  await db.deleteFrom('sections').where('id', '=', id).execute();
}

/** Articles of any status in the section: a section is deleted only when this is 0 and it has no children. */
export async function countArticlesInSection(db: Database, id: number): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('section_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function addSectionRedirect(db: Database, oldSlug: string, sectionId: number): Promise<void> {
  await db
    .insertInto('section_redirects')
    .values({ old_slug: oldSlug, section_id: sectionId })
    .onConflict((oc) => oc.column('old_slug').doUpdateSet({ section_id: sectionId }))
    .execute();
  // A slug taken back into use must not redirect away from itself.
  await db
    .deleteFrom('section_redirects')
    .where('old_slug', 'in', db.selectFrom('sections').select('slug'))
    .execute();
}

export async function findSectionRedirect(db: Database, oldSlug: string): Promise<number | undefined> {
  const r = await db
    .selectFrom('section_redirects')
    .select('section_id')
    .where('old_slug', '=', oldSlug)
    .executeTakeFirst();
  return r?.section_id;
}

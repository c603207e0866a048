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

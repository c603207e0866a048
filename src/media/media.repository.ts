import type { Insertable } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { MediaRow, MediaTable } from '../core/db/schema.ts';

export async function insertMedia(db: Database, m: Insertable<MediaTable>): Promise<MediaRow> {
  return db.insertInto('media').values(m).returningAll().executeTakeFirstOrThrow();
}

export async function findMedia(db: Database, id: number): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function recentMedia(db: Database, limit: number): Promise<MediaRow[]> {
  return db
    .selectFrom('media')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function updateMediaText(
  db: Database,
  id: number,
  patch: { alt: string; caption: string; focal_x: number; focal_y: number },
): Promise<void> {
  await db.updateTable('media').set(patch).where('id', '=', id).execute();
}

/** Published articles whose lead image this is. */
export async function articlesLeadingWith(db: Database, mediaId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('lead_media_id', '=', mediaId)
    .where('status', '=', 'published')
    .execute();
  return rows.map((r) => r.id);
}

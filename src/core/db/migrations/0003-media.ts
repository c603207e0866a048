import type { Kysely } from 'kysely';
import { idColumn, timeColumnType } from '../dialect.ts';

/** The media library (articles.lead_media_id is created in 0001). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  const time = timeColumnType(db);
  await db.schema
    .createTable('media')
    .addColumn('id', id.type, id.build)
    .addColumn('storage_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('format', 'varchar(10)', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('focal_x', 'real', (c) => c.notNull().defaultTo(0.5))
    .addColumn('focal_y', 'real', (c) => c.notNull().defaultTo(0.5))
    .addColumn('alt', 'varchar(500)', (c) => c.notNull())
    .addColumn('caption', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_created').on('media').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media').ifExists().execute();
}

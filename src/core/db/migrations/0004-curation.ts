import type { Kysely } from 'kysely';

/** Home page pins, and redirects for renamed or merged sections and tags. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('home_pins')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('section_redirects')
    .addColumn('old_slug', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createTable('tag_redirects')
    .addColumn('old_slug', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['tag_redirects', 'section_redirects', 'home_pins'])
    await db.schema.dropTable(t).ifExists().execute();
}

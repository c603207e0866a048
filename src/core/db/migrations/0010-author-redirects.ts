import type { Kysely } from 'kysely';

/**
 * Redirects for author profiles whose slug changed (issue 12): the old author page answers 301 to
 * the new one, as renamed sections and tags do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('author_redirects')
    .addColumn('old_slug', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id').onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('author_redirects').ifExists().execute();
}

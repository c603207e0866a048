import { type Kysely, sql } from 'kysely';

/**
 * The newsroom through a whole shift (issue 12): author profiles editors can keep (title, photo,
 * links), a first-login password change for accounts given a one-time password, and preview links
 * that show an unpublished article to someone without a login until they expire.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('authors')
    .addColumn('title', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('authors').addColumn('photo_media_id', 'integer').execute();
  // A JSON list of { label, url }: few, read with the profile, never queried on their own.
  await db.schema
    .alterTable('authors')
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('preview_links')
    // sha256 of the token in the link: a leaked table does not leak the links.
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('preview_links_article').on('preview_links').column('article_id').execute();
  // One profile per account: linking a second account to a profile is refused by the database too.
  await sql`create unique index users_author_id on users (author_id) where author_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists users_author_id`.execute(db);
  await db.schema.dropTable('preview_links').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
  for (const c of ['links', 'photo_media_id', 'title'])
    await db.schema.alterTable('authors').dropColumn(c).execute();
}

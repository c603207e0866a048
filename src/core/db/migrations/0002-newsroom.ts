import type { Kysely } from 'kysely';
import { idColumn, timeColumnType } from '../dialect.ts';

/** Accounts, sessions, API tokens, the audit log, revisions, review comments, corrections and job leases. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  const time = timeColumnType(db);

  await db.schema
    .createTable('users')
    .addColumn('id', id.type, id.build)
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('authors.id'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id.type, id.build)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_used_at', time)
    .addColumn('revoked_at', time)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', id.type, id.build)
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('action', 'varchar(60)', (c) => c.notNull())
    .addColumn('subject', 'varchar(120)')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ip', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();

  // (articles.version, created_by and scheduled_at are created in 0001, ahead of the body column.)
  await db.schema
    .createIndex('articles_scheduled')
    .on('articles')
    .columns(['status', 'scheduled_at'])
    .execute();
  await db.schema
    .createIndex('articles_created_by')
    .on('articles')
    .columns(['created_by', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('articles_status_updated')
    .on('articles')
    .columns(['status', 'updated_at'])
    .execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', id.type, id.build)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('saved_at', time, (c) => c.notNull())
    .addColumn('saved_by', 'integer')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    /** The whole editable state as JSON: headline, place, lede, body, section, tags, authors, kind, breaking. */
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_revisions_article')
    .on('article_revisions')
    .columns(['article_id', 'version'])
    .unique()
    .execute();

  await db.schema
    .createTable('article_comments')
    .addColumn('id', id.type, id.build)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_comments_article')
    .on('article_comments')
    .columns(['article_id', 'id'])
    .execute();

  await db.schema
    .createTable('article_corrections')
    .addColumn('id', id.type, id.build)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .execute();
  await db.schema
    .createIndex('article_corrections_article')
    .on('article_corrections')
    .column('article_id')
    .execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(80)', (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'job_leases',
    'article_corrections',
    'article_comments',
    'article_revisions',
    'audit_log',
    'api_tokens',
    'sessions',
    'users',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const ix of ['articles_scheduled', 'articles_created_by', 'articles_status_updated']) {
    await db.schema.dropIndex(ix).ifExists().execute();
  }
}

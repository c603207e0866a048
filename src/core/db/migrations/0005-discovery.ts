import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * Search index, related-article features and view counts.
 *
 * The search index holds published articles only. On SQLite it is an FTS5 table that keeps no copy
 * of the text (contentless, with deletes), stemmed by Porter with accents folded; on PostgreSQL a
 * weighted tsvector per article with a GIN index. Snippets are made from the articles table, the
 * same way on both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await db.schema
      .createTable('article_search')
      .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index article_search_document on article_search using gin (document)`.execute(db);
  } else {
    await sql`create virtual table article_search using fts5(
      headline, lede, body, tags,
      content = '', contentless_delete = 1,
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
  }

  // What an article is about, as weighted features: its tags (t:), named entities (e:) and
  // distinctive words (w:). Related articles are found through shared features.
  await db.schema
    .createTable('article_features')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('feature', 'varchar(120)', (c) => c.notNull())
    .addColumn('published_at', isPostgres(db) ? 'bigint' : 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_features_pk', ['article_id', 'feature'])
    // SQLite: the rows live in the primary key's B-tree (no separate rowid table to write and read).
    .$call((b) => (isPostgres(db) ? b : b.modifyEnd(sql`without rowid`)))
    .execute();
  await db.schema
    .createIndex('article_features_feature_published')
    .on('article_features')
    .columns(['feature', 'published_at', 'article_id'])
    .execute();
  // How many published articles have each feature (document frequency), for rarity weights.
  await db.schema
    .createTable('feature_counts')
    .addColumn('feature', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('articles', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('article_related')
    .addColumn('score', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();

  // Views per article per hour, for "Most read" over 24 hours and 7 days. Old hours are pruned.
  await db.schema
    .createTable('article_views')
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_views_pk', ['hour', 'article_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['article_views', 'feature_counts', 'article_features', 'article_search']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.alterTable('article_related').dropColumn('score').execute();
}

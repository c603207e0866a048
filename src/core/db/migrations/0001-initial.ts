import type { Kysely } from 'kysely';
import { idColumn, timeColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  const time = timeColumnType(db);

  await db.schema
    .createTable('sections')
    .addColumn('id', id.type, id.build)
    .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('sections.id'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', id.type, id.build)
    .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', id.type, id.build)
    .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .execute();

  // Small, often-read columns first and the body last: SQLite stores a long body in overflow pages,
  // and every column after it would cost a walk through them on listings and joins.
  await db.schema
    .createTable('articles')
    .addColumn('id', id.type, id.build)
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('draft'))
    .addColumn('published_at', time)
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
    .addColumn('root_section_id', 'integer', (c) => c.notNull().references('sections.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull().defaultTo('staff'))
    .addColumn('breaking', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer')
    .addColumn('scheduled_at', time)
    .addColumn('lead_media_id', 'integer')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('place', 'varchar(120)')
    .addColumn('headline', 'varchar(400)', (c) => c.notNull())
    .addColumn('lede', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createIndex('articles_status_published')
    .on('articles')
    .columns(['status', 'published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('articles_section_published')
    .on('articles')
    .columns(['section_id', 'status', 'published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('articles_root_section_published')
    .on('articles')
    .columns(['root_section_id', 'status', 'published_at', 'id'])
    .execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', time)
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema
    .createIndex('article_tags_tag_published')
    .on('article_tags')
    .columns(['tag_id', 'published_at', 'article_id'])
    .execute();

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', time)
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute();
  await db.schema
    .createIndex('article_authors_author_published')
    .on('article_authors')
    .columns(['author_id', 'published_at', 'article_id'])
    .execute();

  await db.schema
    .createTable('article_related')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('related_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_related_pk', ['article_id', 'rank'])
    .execute();
  await db.schema.createIndex('article_related_related').on('article_related').column('related_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'article_related',
    'article_authors',
    'article_tags',
    'articles',
    'tags',
    'authors',
    'sections',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}

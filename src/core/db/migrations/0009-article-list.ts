import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * The newsroom's article list (issue 12): text search across every status, and keyset paging in
 * each order the list offers at a million articles.
 *
 * The reader search index (article_search, 0005) holds published articles only, written by the
 * publishing service. Every other article (draft, in review, scheduled, unpublished: a few per cent
 * of the archive) goes into a second, small index, article_desk_search, that the database keeps
 * itself with triggers on articles, in the same commit as any write to an article whatever code
 * makes it: on SQLite an FTS5 table like article_search, on PostgreSQL a tsvector per article with
 * a GIN index. An article is in exactly one of the two, so the newsroom searches both and the
 * reader search is unchanged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await deskIndexPostgres(db);
  else await deskIndexSqlite(db);
  await listIndexes(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const ix of LIST_INDEXES) await db.schema.dropIndex(ix.name).ifExists().execute();
  for (const t of ['insert', 'update', 'delete']) {
    await sql
      .raw(`drop trigger if exists article_desk_search_${t}${isPostgres(db) ? ' on articles' : ''}`)
      .execute(db);
  }
  if (isPostgres(db)) await sql`drop function if exists article_desk_search_sync()`.execute(db);
  await sql`drop table if exists article_desk_search`.execute(db);
}

/**
 * PostgreSQL's parser knows HTML tags and leaves them out of a tsvector; the entities the sanitiser
 * writes are turned to spaces. One function keeps the table for every kind of write.
 */
async function deskIndexPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`create table article_desk_search (
    article_id integer primary key references articles (id) on delete cascade,
    document tsvector not null
  )`.execute(db);
  await sql`create index article_desk_search_document on article_desk_search using gin (document)`.execute(
    db,
  );
  await sql`create function article_desk_search_sync() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        delete from article_desk_search where article_id = old.id;
      end if;
      if tg_op <> 'DELETE' and new.status <> 'published' then
        insert into article_desk_search (article_id, document) values (new.id, to_tsvector('english',
          coalesce(new.place, '') || ' ' || new.headline || ' ' || new.lede || ' ' ||
          replace(replace(replace(replace(replace(replace(new.body,
            '&amp;', ' '), '&lt;', ' '), '&gt;', ' '), '&quot;', ' '), '&#39;', ' '), '&nbsp;', ' ')));
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger article_desk_search_insert after insert on articles
    for each row when (new.status <> 'published') execute function article_desk_search_sync()`.execute(db);
  // Only writes that change the text or the status; view counts and the like pass by.
  await sql`create trigger article_desk_search_update after update of headline, place, lede, body, status
    on articles for each row when (old.status <> 'published' or new.status <> 'published')
    execute function article_desk_search_sync()`.execute(db);
  // (Deleting an article deletes its row by the foreign key.)
  await sql`insert into article_desk_search (article_id, document)
    select id, to_tsvector('english', coalesce(place, '') || ' ' || headline || ' ' || lede || ' ' ||
      replace(replace(replace(replace(replace(replace(body,
        '&amp;', ' '), '&lt;', ' '), '&gt;', ' '), '&quot;', ' '), '&#39;', ' '), '&nbsp;', ' '))
    from articles where status <> 'published'`.execute(db);
}

/**
 * The fixed pieces of markup the sanitiser writes (core/sanitize.ts), turned to spaces before the
 * body is indexed, so tag names ("strong", "figure", "blockquote") are not words of every article.
 * SQLite has no way to strip markup in SQL; what is left are the attributes of links and images
 * (their addresses, "href", "src", "alt"), found by a search for those words only.
 */
const MARKUP = [
  ...[
    'p',
    'h2',
    'h3',
    'h4',
    'strong',
    'em',
    'ul',
    'ol',
    'li',
    'blockquote',
    'figure',
    'figcaption',
    'picture',
  ].flatMap((t) => [`<${t}>`, `</${t}>`]),
  '</a>',
  '<br />',
  '<hr />',
  ' rel="noopener"',
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&#39;',
  '&nbsp;',
];

function stripped(column: string): string {
  return MARKUP.reduce((expr, m) => `replace(${expr}, '${m}', ' ')`, column);
}

/** A contentless FTS5 table (like article_search) that triggers on articles keep in step. */
async function deskIndexSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`create virtual table article_desk_search using fts5(
    headline, lede, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  const values = (row: 'new' | 'a') =>
    `${row === 'new' ? 'new.id' : 'a.id'}, coalesce(${row}.place || ' ', '') || ${row}.headline, ${row}.lede, ${stripped(`${row}.body`)}`;
  await sql
    .raw(`create trigger article_desk_search_insert after insert on articles
    when new.status <> 'published'
    begin
      insert into article_desk_search (rowid, headline, lede, body) values (${values('new')});
    end`)
    .execute(db);
  // Only writes that change the text or the status; view counts and the like pass by.
  await sql
    .raw(`create trigger article_desk_search_update after update of headline, place, lede, body, status
    on articles when old.status <> 'published' or new.status <> 'published'
    begin
      delete from article_desk_search where rowid = old.id;
      insert into article_desk_search (rowid, headline, lede, body)
        select ${values('new')} where new.status <> 'published';
    end`)
    .execute(db);
  await sql
    .raw(`create trigger article_desk_search_delete after delete on articles
    when old.status <> 'published'
    begin
      delete from article_desk_search where rowid = old.id;
    end`)
    .execute(db);
  await sql
    .raw(`insert into article_desk_search (rowid, headline, lede, body)
      select ${values('a')} from articles a where a.status <> 'published'`)
    .execute(db);
}

/**
 * The list's orders at a million articles: each order alone walks one index, and so does each
 * filter in the default order (newest change first) and a section in every order, each ending in
 * the id that breaks ties so a page's keyset is one range. The status and writer filters have
 * theirs already (0002: status, updated_at and created_by, updated_at). Other filters in another
 * order (a kind, alphabetically) sort the rows the filter leaves.
 */
const LIST_INDEXES: { name: string; columns: string[] }[] = [
  { name: 'articles_updated', columns: ['updated_at', 'id'] },
  { name: 'articles_published_at', columns: ['published_at', 'id'] },
  { name: 'articles_headline', columns: ['headline', 'id'] },
  { name: 'articles_kind_updated', columns: ['kind', 'updated_at', 'id'] },
  { name: 'articles_section_list_updated', columns: ['section_id', 'updated_at', 'id'] },
  { name: 'articles_section_list_published', columns: ['section_id', 'published_at', 'id'] },
  { name: 'articles_section_list_headline', columns: ['section_id', 'headline', 'id'] },
  { name: 'articles_root_list_updated', columns: ['root_section_id', 'updated_at', 'id'] },
  { name: 'articles_root_list_published', columns: ['root_section_id', 'published_at', 'id'] },
  { name: 'articles_root_list_headline', columns: ['root_section_id', 'headline', 'id'] },
];

async function listIndexes(db: Kysely<unknown>): Promise<void> {
  for (const ix of LIST_INDEXES) {
    await db.schema.createIndex(ix.name).on('articles').columns(ix.columns).execute();
  }
}

import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { isPostgres } from '../core/db/dialect.ts';

/**
 * The article list's filters that name a set of articles found through another index: those whose
 * text matches (the reader index for published articles, the desk index for every other status,
 * migration 0009) and those with an author. Up to WINDOW + 1 of a set's ids are read first (from
 * the index alone: cheap however common the word), and the set is then applied one of two ways:
 *
 *   complete  it has at most WINDOW ids: they are handed to the list query as one value, which
 *             starts from them (cost: the set's size, whatever the order or the archive);
 *   partial   it is larger: the list walks its order's index and checks each row against the set
 *             by key, stopping after a page (cost: a page's worth of rows divided by how common the
 *             set is, which a set this large keeps small).
 *
 * Both databases are told the set's ids and size outright, so neither has to guess how common a
 * word is (PostgreSQL's statistics cannot know a rare word, and SQLite keeps none).
 */

export const WINDOW = 10_000;

/** Ids of a set: all of them (`complete`), or the first WINDOW of a larger one. */
export interface IdSet {
  ids: number[];
  complete: boolean;
}

export type TextIndex = 'reader' | 'desk';

/** A search of the articles' text, in each engine's syntax (built from parsed words only). */
export interface TextMatch {
  fts5: string;
  tsquery: string;
}

/** The reader index and the desk index (migrations 0005 and 0009): the same shape on each database. */
const TABLES = { reader: 'article_search', desk: 'article_desk_search' } as const;

const tsquery = (text: TextMatch) => sql`to_tsquery('english', ${text.tsquery})`;

/** The first `window` + 1 ids a query gives, as a set (tests pass a small window). */
async function setOf(db: Database, ids: RawBuilder<unknown>, window: number): Promise<IdSet> {
  const r = await sql<{ id: number }>`${ids} limit ${window + 1}`.execute(db);
  const all = r.rows.map((x) => Number(x.id));
  return { ids: all.slice(0, window), complete: all.length <= window };
}

/**
 * The articles of one index whose text matches: the newest first on SQLite (FTS5 reads its matches
 * in id order either way), in no order on PostgreSQL (its GIN index has none; any ids do).
 */
export function textSet(db: Database, text: TextMatch, index: TextIndex, window = WINDOW): Promise<IdSet> {
  const table = sql.table(TABLES[index]);
  return setOf(
    db,
    isPostgres(db)
      ? sql`select article_id as id from ${table} where document @@ ${tsquery(text)}`
      : // FTS5 names the table itself on the left of MATCH.
        sql`select rowid as id from ${table} where ${table} match ${text.fts5} order by rowid desc`,
    window,
  );
}

export function authorSet(db: Database, authorId: number, window = WINDOW): Promise<IdSet> {
  return setOf(db, sql`select article_id as id from article_authors where author_id = ${authorId}`, window);
}

/** Whether the row `a` matches, checked by its key (for a partial set). */
export function textProbe(db: Database, text: TextMatch, index: TextIndex): RawBuilder<SqlBool> {
  const table = sql.table(TABLES[index]);
  return isPostgres(db)
    ? sql`exists (select 1 from ${table} s where s.article_id = a.id and s.document @@ ${tsquery(text)})`
    : sql`exists (select 1 from ${table} where ${table}.rowid = a.id and ${table} match ${text.fts5})`;
}

export function authorProbe(authorId: number): RawBuilder<SqlBool> {
  return sql`exists (select 1 from article_authors aa where aa.article_id = a.id and aa.author_id = ${authorId})`;
}

/** The ids as a one-column (`id`) table: one parameter, a PostgreSQL array or a JSON array for SQLite. */
export function idTable(db: Database, ids: number[]): RawBuilder<unknown> {
  return isPostgres(db)
    ? sql`select unnest(${ids}::integer[]) as id`
    : sql`select value as id from json_each(${JSON.stringify(ids)})`;
}

/** `a` is one of the ids. */
export function amongIds(db: Database, ids: number[]): RawBuilder<SqlBool> {
  return isPostgres(db) ? sql`a.id = any(${ids}::integer[])` : sql`a.id in (${idTable(db, ids)})`;
}

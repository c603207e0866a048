import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { SearchEngine, SearchHit } from './engine.ts';
import { filterSql } from './filters.ts';
import { toFts5 } from './query.ts';

/** Column weights for bm25(): headline, lede, body, tags. */
const WEIGHTS = sql`10.0, 3.0, 1.0, 5.0`;

/**
 * FTS5. The MATCH expression is built from parsed words only (see query.ts). Matches are read in
 * rowid (article id) order, newest first, so a query matching half the archive stops after
 * `limit` rows instead of scoring them all.
 */
export const sqliteEngine: SearchEngine = {
  async put(db, docs) {
    for (const d of docs) {
      await sql`insert or replace into article_search (rowid, headline, lede, body, tags)
        values (${d.id}, ${d.headline}, ${d.lede}, ${d.body}, ${d.tags})`.execute(db);
    }
  },
  async remove(db, ids) {
    for (const id of ids) await sql`delete from article_search where rowid = ${id}`.execute(db);
  },
  async clear(db) {
    await sql`delete from article_search`.execute(db);
  },
  async candidates(db, q, f, limit) {
    const match = toFts5(q);
    if (!match) return [];
    const r = await sql<SearchHit>`
      select s.rowid as id, -bm25(article_search, ${WEIGHTS}) as relevance, a.published_at
      from article_search s join articles a on a.id = s.rowid
      where article_search match ${match} and ${filterSql(f)}
      order by s.rowid desc
      limit ${limit}`.execute(db as Database);
    return r.rows;
  },
};

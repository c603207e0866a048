import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { SearchEngine, SearchHit } from './engine.types.ts';
import { filterSql } from './filters.ts';
import { type ParsedQuery, toFts5 } from './query.ts';
import { wordMatcher } from './snippet.ts';

/**
 * FTS5. The MATCH expression is built from parsed words only (see query.ts). Matches are read in
 * rowid (article id) order, newest first, so a query matching half the archive stops after
 * `limit` rows instead of reading them all.
 *
 * Relevance is field-weighted (see fieldRelevance): FTS5's bm25() is not used because it counts,
 * for every word, all the documents that hold it: 25 ms for a common word at a million articles,
 * whatever the LIMIT. The headline and lede come with the candidates (short columns stored before
 * the body), so weighting them costs no extra read.
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
    const r = await sql<{
      id: number;
      published_at: number;
      headline: string;
      place: string | null;
      lede: string;
    }>`
      select s.rowid as id, a.published_at, a.headline, a.place, a.lede
      from article_search s join articles a on a.id = s.rowid
      where article_search match ${match} and ${filterSql(f)}
      order by s.rowid desc
      limit ${limit}`.execute(db as Database);
    const relevance = fieldRelevance(q);
    return r.rows.map(
      (h): SearchHit => ({
        id: h.id,
        published_at: h.published_at,
        relevance: relevance(h.place ? `${h.place} ${h.headline}` : h.headline, h.lede),
      }),
    );
  },
};

const HEADLINE_WEIGHT = 10;
const LEDE_WEIGHT = 3;
const BODY_WEIGHT = 1;

/**
 * Relevance from where the words are: each query word found in the headline adds 10, in the lede
 * 3, and every match has the body's 1 (it matched somewhere). Word forms count as in highlighting.
 */
export function fieldRelevance(q: ParsedQuery): (headline: string, lede: string) => number {
  const matchers = q.words.map((w) => wordMatcher({ ...q, words: [w] }));
  const words = (s: string) => s.match(/[\p{L}\p{N}]+/gu) ?? [];
  return (headline, lede) => {
    const h = words(headline);
    const l = words(lede);
    let score = BODY_WEIGHT;
    for (const m of matchers) {
      if (h.some(m)) score += HEADLINE_WEIGHT;
      else if (l.some(m)) score += LEDE_WEIGHT;
    }
    return score;
  };
}

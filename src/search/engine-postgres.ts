import { sql } from 'kysely';
import type { SearchEngine, SearchHit } from './engine.types.ts';
import { filterSql } from './filters.ts';
import { toTsquery } from './query.ts';

/** A weighted tsvector: headline A, tags B, lede C, body D (the same order as FTS5's weights). */
const document = (d: { headline: string; lede: string; body: string; tags: string }) => sql`
  setweight(to_tsvector('english', ${d.headline}), 'A') ||
  setweight(to_tsvector('english', ${d.tags}), 'B') ||
  setweight(to_tsvector('english', ${d.lede}), 'C') ||
  setweight(to_tsvector('english', ${d.body}), 'D')`;

/** tsvector with a GIN index. The tsquery is built from parsed words only (see query.ts). */
export const postgresEngine: SearchEngine = {
  async put(db, docs) {
    for (const d of docs) {
      await sql`insert into article_search (article_id, document) values (${d.id}, ${document(d)})
        on conflict (article_id) do update set document = excluded.document`.execute(db);
    }
  },
  async remove(db, ids) {
    if (ids.length === 0) return;
    await db.deleteFrom('article_search').where('article_id', 'in', ids).execute();
  },
  async clear(db) {
    await db.deleteFrom('article_search').execute();
  },
  async candidates(db, q, f, limit) {
    const tsq = toTsquery(q);
    if (!tsq) return [];
    const r = await sql<SearchHit>`
      select s.article_id as id, ts_rank(s.document, query) as relevance, a.published_at
      from article_search s
      join articles a on a.id = s.article_id,
      to_tsquery('english', ${tsq}) query
      where s.document @@ query and ${filterSql(f)}
      order by s.article_id desc
      limit ${limit}`.execute(db);
    return r.rows;
  },
};

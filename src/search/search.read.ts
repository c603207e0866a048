import type { ArticleSummary } from '../articles/articles.repository.ts';
import type { Database } from '../core/db/database.ts';
import { htmlToText } from '../core/text.ts';
import type { SearchEngine, SearchFilters } from './engine.ts';
import type { ParsedQuery } from './query.ts';
import * as repo from './search.repository.ts';
import { type Snippet, snippetMaker } from './snippet.ts';

/**
 * The read path of one search (candidates, ranking, summaries, snippets), on any connection: in a
 * search worker thread on SQLite, in this thread on PostgreSQL (whose queries run in the server).
 * Everything it takes and returns is plain data, so it crosses to and from a worker as is.
 */

/**
 * How many of the newest matches are ranked. A rare query has fewer and all of them count; a
 * query matching a large part of the archive is ranked among its most recent matches, which is
 * where a news reader's answer is, and costs the same at any archive size.
 */
export const CANDIDATES = 1000;
/** Recency boost: a story published now counts up to twice its text relevance, halving every two weeks. */
const RECENCY_WEIGHT = 1;
const HALF_LIFE_MS = 14 * 86_400_000;

export interface PageCursor {
  /** The time the ranking was made at, so every page ranks the same way. */
  t: number;
  s: number;
  i: number;
}

export interface SearchJob {
  query: ParsedQuery;
  filters: SearchFilters;
  limit: number;
  cursor?: PageCursor | undefined;
  /** The time ranked at (the cursor's, for a next page). */
  now: number;
}

export interface SearchResult {
  article: ArticleSummary;
  snippet: Snippet;
  score: number;
}

export interface SearchPage {
  results: SearchResult[];
  next?: PageCursor | undefined;
}

export async function readSearch(db: Database, engine: SearchEngine, job: SearchJob): Promise<SearchPage> {
  const { query, limit, cursor, now } = job;
  const hits = await engine.candidates(db, query, job.filters, CANDIDATES);
  const ranked = hits
    .map((h) => ({
      id: h.id,
      score: h.relevance * (1 + RECENCY_WEIGHT * 0.5 ** (Math.max(0, now - h.published_at) / HALF_LIFE_MS)),
    }))
    .sort((a, b) => b.score - a.score || b.id - a.id);
  const from = cursor
    ? ranked.filter((r) => r.score < cursor.s || (r.score === cursor.s && r.id < cursor.i))
    : ranked;
  const page = from.slice(0, limit);
  const rows = new Map(
    (
      await repo.summariesWithText(
        db,
        page.map((p) => p.id),
      )
    ).map((r) => [r.id, r]),
  );
  const results: SearchResult[] = [];
  const snippet = snippetMaker(query);
  for (const p of page) {
    const row = rows.get(p.id);
    if (!row) continue;
    const { body, ...article } = row;
    results.push({
      article,
      score: p.score,
      snippet: snippet(`${row.lede} ${htmlToText(body.slice(0, 20_000))}`),
    });
  }
  const last = page[page.length - 1];
  const next = from.length > limit && last ? { t: now, s: last.score, i: last.id } : undefined;
  return { results, next };
}

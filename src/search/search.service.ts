import type { ArticleSummary } from '../articles/articles.repository.ts';
import type { ArticleIndexer } from '../articles/articles.service.ts';
import type { Database } from '../core/db/database.ts';
import { BadRequestError } from '../core/errors.ts';
import { htmlToText } from '../core/text.ts';
import { type SearchEngine, type SearchFilters, searchEngineFor } from './engine.ts';
import { type ParsedQuery, parseQuery, QueryError } from './query.ts';
import * as repo from './search.repository.ts';
import { type Snippet, snippetMaker } from './snippet.ts';

/**
 * How many of the newest matches are ranked. A rare query has fewer and all of them count; a
 * query matching a large part of the archive is ranked among its most recent matches, which is
 * where a news reader's answer is, and costs the same at any archive size.
 */
export const CANDIDATES = 1000;
/** Recency boost: a story published now counts up to twice its text relevance, halving every two weeks. */
const RECENCY_WEIGHT = 1;
const HALF_LIFE_MS = 14 * 86_400_000;
export const SEARCH_PAGE_SIZE = 20;

export interface SearchRequest {
  q: string;
  filters?: SearchFilters;
  cursor?: string | undefined;
  limit?: number;
}

export interface SearchResult {
  article: ArticleSummary;
  snippet: Snippet;
  score: number;
}

export interface SearchResponse {
  query: ParsedQuery;
  results: SearchResult[];
  /** Opaque cursor of the next page, if there is one. */
  next?: string | undefined;
}

interface PageCursor {
  /** The time the ranking was made at, so every page ranks the same way. */
  t: number;
  s: number;
  i: number;
}

function encode(c: PageCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decode(raw: string): PageCursor {
  try {
    if (raw.length > 200) throw new Error('long');
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageCursor;
    if ([c.t, c.s, c.i].every((n) => typeof n === 'number' && Number.isFinite(n))) return c;
  } catch {
    // fall through
  }
  throw new BadRequestError('This results link is not valid. Search again from the first page.');
}

/** Full-text search over published articles, and the index's upkeep. */
export class SearchService implements ArticleIndexer {
  private readonly engine: SearchEngine;
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.engine = searchEngineFor(db);
  }

  async articleChanged(db: Database, id: number): Promise<undefined> {
    await this.sync([id], db);
    return undefined;
  }

  /** Brings the index in line with these articles: published ones (re)indexed, the rest removed. */
  async sync(ids: number[], db: Database = this.db): Promise<void> {
    const { docs, gone } = await repo.loadDocuments(db, ids);
    await this.engine.put(db, docs);
    await this.engine.remove(db, gone);
  }

  /** Re-indexes every article carrying one of these tags (after a rename or merge), in batches. */
  async syncTagged(tagIds: number[]): Promise<void> {
    const ids = await repo.articleIdsWithTags(this.db, tagIds);
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.transaction().execute((trx) => this.sync(ids.slice(i, i + 500), trx));
    }
  }

  /** Rebuilds the whole index; reports progress after each batch. */
  async reindex(onProgress?: (done: number) => void): Promise<number> {
    await this.engine.clear(this.db);
    let done = 0;
    let after = 0;
    for (;;) {
      const ids = await repo.publishedIdsAfter(this.db, after, 1000);
      if (ids.length === 0) break;
      await this.db.transaction().execute((trx) => this.sync(ids, trx));
      done += ids.length;
      after = ids[ids.length - 1]!;
      onProgress?.(done);
    }
    return done;
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    let query: ParsedQuery;
    try {
      query = parseQuery(req.q);
    } catch (err) {
      if (err instanceof QueryError) throw new BadRequestError(err.message);
      throw err;
    }
    const limit = Math.min(Math.max(req.limit ?? SEARCH_PAGE_SIZE, 1), 50);
    if (query.clauses.length === 0) return { query, results: [] };
    const cursor = req.cursor ? decode(req.cursor) : undefined;
    const now = cursor?.t ?? this.now();
    const hits = await this.engine.candidates(this.db, query, req.filters ?? {}, CANDIDATES);
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
          this.db,
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
    const next = from.length > limit && last ? encode({ t: now, s: last.score, i: last.id }) : undefined;
    return { query, results, next };
  }
}

import { sql } from 'kysely';
import type { ArticleIndexer } from '../articles/indexer.ts';
import type { Database } from '../core/db/database.ts';
import { isPostgres } from '../core/db/dialect.ts';
import { BadRequestError } from '../core/errors.ts';
import { isPositiveInt32, MAX_TIME_MS } from '../core/numbers.ts';
import { type SearchEngine, type SearchFilters, searchEngineFor } from './engine.ts';
import { type ParsedQuery, parseQuery, QueryError } from './query.ts';
import { PostgresSearchReader, type SearchLimits, type SearchReader } from './search.limits.ts';
import { SqliteSearchPool } from './search.pool.ts';
import { type PageCursor, readSearch, type SearchResult } from './search.read.ts';
import * as repo from './search.repository.ts';

export { CANDIDATES, type SearchResult } from './search.read.ts';
export const SEARCH_PAGE_SIZE = 20;

export interface SearchRequest {
  q: string;
  filters?: SearchFilters;
  cursor?: string | undefined;
  limit?: number;
}

export interface SearchResponse {
  query: ParsedQuery;
  results: SearchResult[];
  /** Opaque cursor of the next page, if there is one. */
  next?: string | undefined;
}

export interface SearchServiceOptions {
  /**
   * Reader searches bounded and kept off the event loop: on SQLite they run in worker threads
   * with their own connections, on PostgreSQL in a limited number of read-only transactions with
   * a statement timeout. The server sets this; without it (commands, tests, the benchmark) a
   * search runs in this thread on the given connection, unbounded.
   */
  limits?: SearchLimits;
}

function encode(c: PageCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decode(raw: string): PageCursor {
  try {
    if (raw.length > 200) throw new Error('long');
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageCursor;
    // A time that can be a date, any finite score and an id that fits its int32 column: else no link we made.
    const { t, s, i } = c;
    if (Number.isInteger(t) && t >= 0 && t <= MAX_TIME_MS && Number.isFinite(s) && isPositiveInt32(i)) {
      return { t, s, i };
    }
  } catch {
    // fall through
  }
  throw new BadRequestError('This results link is not valid. Search again from the first page.');
}

/** Full-text search over published articles, and the index's upkeep. */
export class SearchService implements ArticleIndexer {
  private readonly engine: SearchEngine;
  private readonly reader: SearchReader;
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    opts: SearchServiceOptions = {},
  ) {
    this.engine = searchEngineFor(db);
    const { limits } = opts;
    if (!limits) {
      this.reader = { read: (job) => readSearch(db, this.engine, job), close: async () => {} };
    } else if (isPostgres(db)) {
      this.reader = new PostgresSearchReader(db, limits);
    } else {
      this.reader = new SqliteSearchPool(() => sqliteFile(db), limits);
    }
  }

  /** Stops the search workers, if any. */
  close(): Promise<void> {
    return this.reader.close();
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
    const page = await this.reader.read({
      query,
      filters: req.filters ?? {},
      limit,
      cursor,
      now: cursor?.t ?? this.now(),
    });
    return { query, results: page.results, next: page.next && encode(page.next) };
  }
}

/** The file behind a SQLite connection, for the search workers to open too. */
async function sqliteFile(db: Database): Promise<string> {
  const r = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(
    db,
  );
  const file = r.rows[0]?.file;
  if (!file) throw new Error('search workers need a SQLite database in a file');
  return file;
}

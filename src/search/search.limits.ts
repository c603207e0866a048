import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { postgresEngine } from './engine-postgres.ts';
import { readSearch, type SearchJob, type SearchPage } from './search.read.ts';

/** How reader searches are bounded, so that a flood of them cannot hold up the rest of the site. */
export interface SearchLimits {
  /** Searches run at once: worker threads on SQLite, connections on PostgreSQL. */
  concurrency: number;
  /** One search's time bound; beyond it the search is stopped and answered 503. */
  timeoutMs: number;
  /** Searches that may wait for a free slot; one more is answered 503 at once. */
  queueLimit: number;
}

export const SEARCH_QUEUE_LIMIT = 32;
const RETRY_AFTER_SECONDS = 5;

/** A search not run to the end for lack of capacity: answered 503 with Retry-After. */
export abstract class SearchUnavailableError extends AppError {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
}

/** Every search slot is taken and the queue is full: try again shortly. */
export class SearchBusyError extends SearchUnavailableError {
  constructor() {
    super('search_busy', 503, 'Search is very busy right now. Please try again in a few seconds.');
  }
}

/**
 * A search ran past its time bound and was stopped. 503 rather than 400: the same words can be
 * quick a moment later (the bound is wall time, so a busy machine counts), and the words are no
 * mistake of the reader's. The message still says how to make a search cheaper.
 */
export class SearchTimeoutError extends SearchUnavailableError {
  constructor() {
    super(
      'search_timeout',
      503,
      'This search took too long. Try more specific words or a narrower section or date range, or try again in a minute.',
    );
  }
}

/** Runs a search job somewhere and answers with its page. */
export interface SearchReader {
  read(job: SearchJob): Promise<SearchPage>;
  close(): Promise<void>;
}

/**
 * A counting semaphore with a bounded queue: `acquire` resolves once fewer than `slots` holders
 * remain, and rejects at once with SearchBusyError when `queueLimit` callers already wait.
 * The check is synchronous, so a burst is cut at exactly that many.
 */
export class SearchQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: Pick<SearchLimits, 'concurrency' | 'queueLimit'>) {}

  acquire(): Promise<() => void> {
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limits.queueLimit) return Promise.reject(new SearchBusyError());
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Frees the slot once, handing it straight to the next waiter if there is one. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}

const QUERY_CANCELED = '57014';

/**
 * PostgreSQL runs the queries in its own processes, so they never hold this event loop; what needs
 * bounding is how many run at once (they share the connection pool with every page) and how long
 * each may take: statement_timeout, set for the read-only transaction the search runs in.
 */
export class PostgresSearchReader implements SearchReader {
  private readonly queue: SearchQueue;

  constructor(
    private readonly db: Database,
    private readonly limits: SearchLimits,
  ) {
    this.queue = new SearchQueue(limits);
  }

  async read(job: SearchJob): Promise<SearchPage> {
    const release = await this.queue.acquire();
    try {
      return await this.db
        .transaction()
        .setAccessMode('read only')
        .execute(async (trx) => {
          // SET takes no bind parameters; the value is an integer from our own configuration.
          await sql`set local statement_timeout = ${sql.raw(String(Math.max(1, Math.round(this.limits.timeoutMs))))}`.execute(
            trx,
          );
          return readSearch(trx, postgresEngine, job);
        });
    } catch (err) {
      if ((err as { code?: unknown }).code === QUERY_CANCELED) throw new SearchTimeoutError();
      throw err;
    } finally {
      release();
    }
  }

  async close(): Promise<void> {}
}

import type { ArticleSummary } from '../articles/articles.repository.ts';
import { unavailableReason } from '../core/db/availability.ts';
import type { Database } from '../core/db/database.ts';
import { isPositiveInt32 } from '../core/numbers.ts';
import { PublishedIds } from './views.published.ts';
import { RecentReaders, VIEW_WINDOW_MS } from './views.readers.ts';
import * as repo from './views.repository.ts';

export { VIEW_WINDOW_MS };

const HOUR = 3_600_000;
/** Hourly rows are kept a little longer than the widest window shown. */
const KEEP_HOURS = 8 * 24;
export const MOST_READ_COUNT = 5;

/**
 * Crawlers, link previews, monitors and scripts. Requests with no user agent are not counted
 * either: browsers always send one.
 */
const BOTS =
  /bot|crawl|spider|slurp|bingpreview|facebookexternalhit|embedly|preview|monitor|uptime|lighthouse|headless|phantom|curl|wget|python|java\/|go-http|okhttp|axios|node-fetch|undici|libwww|httpclient|feed|fetcher|scrapy|postman|insomnia|wrk|autocannon/i;

export function isBot(userAgent: string | undefined): boolean {
  return !userAgent || BOTS.test(userAgent);
}

export interface MostRead {
  day: ArticleSummary[];
  week: ArticleSummary[];
}

/** Bounds on what is kept in memory. */
export interface ViewLimits {
  /** (reader, article) pairs remembered for the window: about 60 bytes each. */
  readers: number;
  /** Articles with counts waiting to be written (and kept while the database is unavailable). */
  pending: number;
  /** Ids known to be published articles, so a beacon usually costs no query. */
  published: number;
}
const LIMITS: ViewLimits = { readers: 500_000, pending: 100_000, published: 10_000 };

export interface ViewCounterOptions {
  flushMs: number;
  mode: 'on' | 'off' | 'beacon';
  /** Told of counts not written: kept for the next flush, dropped, or lost at shutdown. */
  onError: (message: string, err?: unknown) => void;
  now?: () => number;
  limits?: Partial<ViewLimits>;
}

/**
 * Article views, counted in memory and written in one batch every flush interval: a view costs the
 * page a hash and two Map lookups. A reader (address and user agent) is counted once per article
 * per 30 minutes. A crash loses at most one interval of counts (10 s by default); a clean shutdown
 * flushes. Several nodes each add their own counts.
 */
export class ViewCounter {
  private pending = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private mostRead: MostRead = { day: [], week: [] };
  private mostReadAt = 0;
  private lastPrune = 0;
  private readonly limits: ViewLimits;
  private readonly readers: RecentReaders;
  private readonly published: PublishedIds;
  /** Views not kept because `pending` was full, reported with the next flush. */
  private overflow = 0;
  /** The last write found the database unreachable. */
  private unavailable = false;

  constructor(
    private readonly db: Database,
    private readonly opts: ViewCounterOptions,
  ) {
    this.limits = { ...LIMITS, ...opts.limits };
    this.readers = new RecentReaders(this.limits.readers, this.now());
    this.published = new PublishedIds(db, this.limits.published);
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  /**
   * Counts one reader's view of an article (not bots, not prefetches, not a reader already counted
   * for it in the last 30 minutes), from the page request (`page`) or from the page's beacon
   * (`beacon`); only the source the mode names is counted. `reader` is the client's address.
   */
  count(
    articleId: number,
    headers: Record<string, string | string[] | undefined>,
    reader: string | undefined,
    source: 'page' | 'beacon' = 'page',
  ): void {
    if (this.opts.mode !== (source === 'page' ? 'on' : 'beacon')) return;
    if (!isPositiveInt32(articleId)) return;
    const ua = headers['user-agent'];
    if (typeof ua !== 'string' || isBot(ua)) return;
    const purpose = headers['sec-purpose'] ?? headers.purpose;
    if (typeof purpose === 'string' && purpose.includes('prefetch')) return;
    if (!this.readers.firstView(reader ?? '', ua, articleId, this.now())) return;
    const n = this.pending.get(articleId);
    if (n === undefined && this.pending.size >= this.limits.pending) {
      this.overflow++;
      return;
    }
    this.pending.set(articleId, (n ?? 0) + 1);
  }

  /**
   * Whether a beacon's id is a published article's. Ids found published are remembered for a few
   * minutes (a bounded set, oldest dropped), so a beacon usually costs no query; anything else costs
   * one primary-key lookup, and out-of-range ids none.
   */
  async isPublished(id: number): Promise<boolean> {
    if (!isPositiveInt32(id)) return false;
    return this.published.has(id, this.now());
  }

  start(): void {
    if (this.timer || this.opts.mode === 'off') return;
    this.timer = setInterval(() => {
      if (!this.flushing) void this.flush();
    }, this.opts.flushMs);
    this.timer.unref();
  }

  /**
   * Writes what was counted since the last flush. Never throws: counts the database refuses are
   * dropped, and counts it could not be reached for are kept for the next flush (bounded), each
   * reported through `onError`.
   */
  async flush(): Promise<void> {
    // One flush at a time: a caller arriving during one waits for it, then writes what is left.
    while (this.flushing) await this.flushing;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async write(): Promise<void> {
    if (this.overflow) {
      this.report(
        `${this.overflow} views not counted: over ${this.limits.pending} articles were waiting to be written`,
      );
      this.overflow = 0;
    }
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const now = this.now();
    const hour = Math.floor(now / HOUR);
    try {
      await repo.addViews(this.db, hour, batch);
      this.unavailable = false;
    } catch (err) {
      if (unavailableReason(err)) return this.keep(batch, err);
      this.unavailable = false;
      // One row the database refuses fails the whole batch: written row by row, only that row is lost.
      await this.writeRows(hour, batch);
    }
    this.mostReadAt = 0;
    if (now - this.lastPrune > HOUR) {
      try {
        await repo.pruneViews(this.db, hour - KEEP_HOURS);
        this.lastPrune = now;
      } catch (err) {
        this.report('old hourly view counts not pruned (retried next flush)', err);
      }
    }
  }

  private async writeRows(hour: number, batch: Map<number, number>): Promise<void> {
    let unwritten: Map<number, number> | undefined;
    let unavailable: unknown;
    for (const [id, n] of batch) {
      // Once the database is unreachable, the rest is kept without trying.
      if (unwritten) {
        unwritten.set(id, n);
        continue;
      }
      try {
        await repo.addViews(this.db, hour, new Map([[id, n]]));
      } catch (err) {
        if (unavailableReason(err)) {
          unwritten = new Map([[id, n]]);
          unavailable = err;
        } else {
          this.report(`${n} views of article ${id} dropped: the database refused them`, err);
        }
      }
    }
    if (unwritten) this.keep(unwritten, unavailable);
  }

  /** Puts counts back for the next flush, up to the bound on pending articles. */
  private keep(batch: Map<number, number>, err: unknown): void {
    this.unavailable = true;
    let views = 0;
    let dropped = 0;
    for (const [id, n] of batch) {
      const had = this.pending.get(id);
      if (had === undefined && this.pending.size >= this.limits.pending) {
        dropped += n;
        continue;
      }
      this.pending.set(id, (had ?? 0) + n);
      views += n;
    }
    this.report(
      `database unavailable (${unavailableReason(err)}): ${views} views kept for the next flush` +
        (dropped ? `, ${dropped} dropped (over ${this.limits.pending} articles waiting)` : ''),
      err,
    );
  }

  private report(message: string, err?: unknown): void {
    try {
      this.opts.onError(message, err);
    } catch {
      // A failing logger must not turn a lost count into a crash.
    }
  }

  /** Stops the timer and writes the last counts. Never throws (the server awaits it while closing). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      await this.flush();
      // Views counted while that flush ran get one more, unless the database was unreachable.
      if (this.pending.size && !this.unavailable) await this.flush();
    } catch (err) {
      this.report('views not written at shutdown', err);
    }
    if (this.pending.size) {
      let views = 0;
      for (const n of this.pending.values()) views += n;
      this.report(
        `${views} views of ${this.pending.size} articles lost at shutdown: the database is unavailable`,
      );
      this.pending = new Map();
    }
  }

  /** Most read over 24 hours and 7 days; recomputed after a flush, at most once per flush interval. */
  async mostReadLists(): Promise<MostRead> {
    const now = this.now();
    if (now - this.mostReadAt < this.opts.flushMs) return this.mostRead;
    this.mostReadAt = now;
    const hour = Math.floor(now / HOUR);
    const [day, week] = await Promise.all([
      repo.mostViewed(this.db, hour - 23, MOST_READ_COUNT),
      repo.mostViewed(this.db, hour - 7 * 24 + 1, MOST_READ_COUNT),
    ]);
    this.mostRead = { day, week };
    return this.mostRead;
  }
}

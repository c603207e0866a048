import crypto from 'node:crypto';
import type { ArticleSummary } from '../articles/articles.repository.ts';
import { unavailableReason } from '../core/db/availability.ts';
import type { Database } from '../core/db/database.ts';
import { isPositiveInt32 } from '../core/numbers.ts';
import * as repo from './views.repository.ts';

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

/** A reader's repeat views of an article within this window are counted once. */
export const VIEW_WINDOW_MS = 30 * 60_000;
const WINDOW_S = VIEW_WINDOW_MS / 1000;
const SALT_EVERY_MS = 24 * HOUR;
/** Ids seen published are trusted this long without a query (a withdrawn article's open pages may beacon meanwhile). */
const PUBLISHED_TTL_MS = 5 * 60_000;

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

const newSalt = () => crypto.randomBytes(16).toString('base64');

/**
 * Which readers were counted for which article in the last 30 minutes, without keeping who they
 * are: a reader is a hash of address and user agent with a random salt that exists only in memory
 * and is replaced daily; once the old salt is gone no entry can be tied to an address again.
 * Entries are in the order they were counted, so expired ones leave from the front and, when the
 * set is full, the oldest are dropped (that reader may be counted again, never the reverse).
 * Each node keeps its own set: a reader whose requests reach two nodes is counted once per node in
 * the window, which is acceptable and needs nothing shared.
 */
class RecentReaders {
  /** Hash of (salt, reader, article) → second it was counted, relative to `epoch`. */
  private readonly seen = new Map<string, number>();
  private readonly epoch: number;
  private salt = newSalt();
  private saltAt: number;
  /** The salt before the last change, kept for one window so the change does not count readers twice. */
  private previousSalt: string | undefined;
  private sweptAt = Number.NaN;

  constructor(
    private readonly max: number,
    now: number,
  ) {
    this.epoch = now;
    this.saltAt = now;
  }

  /** Records the view; true when this reader was not counted for this article in the window. */
  firstView(address: string, userAgent: string, articleId: number, now: number): boolean {
    if (now - this.saltAt >= SALT_EVERY_MS) {
      this.previousSalt = this.salt;
      this.salt = newSalt();
      this.saltAt = now;
    } else if (this.previousSalt && now - this.saltAt >= VIEW_WINDOW_MS) {
      this.previousSalt = undefined;
    }
    // Seconds fit a small integer, which a Map stores without a heap number per entry.
    const sec = Math.floor((now - this.epoch) / 1000);
    this.expire(sec);
    const key = this.key(this.salt, address, userAgent, articleId);
    if (this.isRecent(key, sec)) return false;
    if (this.previousSalt && this.isRecent(this.key(this.previousSalt, address, userAgent, articleId), sec)) {
      return false;
    }
    this.seen.delete(key);
    if (this.seen.size >= this.max) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(key, sec);
    return true;
  }

  private key(salt: string, address: string, userAgent: string, articleId: number): string {
    // 72 bits: collisions (two readers taken for one) are negligible at this set's size.
    // createHash rather than crypto.hash: the latter needs Node 20.12, and we support every Node 20.
    return crypto
      .createHash('sha256')
      .update(`${salt}\n${address}\n${userAgent}\n${articleId}`)
      .digest('base64')
      .slice(0, 12);
  }

  private isRecent(key: string, sec: number): boolean {
    const at = this.seen.get(key);
    return at !== undefined && sec - at < WINDOW_S && sec >= at;
  }

  /** Drops expired entries from the front, at most once a second. */
  private expire(sec: number): void {
    if (sec === this.sweptAt) return;
    this.sweptAt = sec;
    for (const [key, at] of this.seen) {
      if (sec - at < WINDOW_S) break;
      this.seen.delete(key);
    }
  }
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
  /** Id → when it was last seen published. */
  private readonly published = new Map<number, number>();
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
    const now = this.now();
    const seenAt = this.published.get(id);
    if (seenAt !== undefined && now - seenAt >= 0 && now - seenAt < PUBLISHED_TTL_MS) return true;
    this.published.delete(id);
    if (!(await repo.isPublished(this.db, id))) return false;
    if (this.published.size >= this.limits.published) {
      this.published.delete(this.published.keys().next().value as number);
    }
    this.published.set(id, now);
    return true;
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

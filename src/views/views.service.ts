import type { ArticleSummary } from '../articles/articles.repository.ts';
import type { Database } from '../core/db/database.ts';
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

/**
 * Article views, counted in memory and written in one batch every flush interval: a view costs the
 * page a Map increment. A crash loses at most one interval of counts (10 s by default); a clean
 * shutdown flushes. Several nodes each add their own counts, so totals stay exact when scaled out.
 */
export class ViewCounter {
  private pending = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private mostRead: MostRead = { day: [], week: [] };
  private mostReadAt = 0;
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly opts: { flushMs: number; mode: 'on' | 'off' | 'beacon'; now?: () => number },
  ) {}

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  /**
   * Counts one reader's view of an article (not bots, not prefetches), from the page request
   * (`page`) or from the page's beacon (`beacon`); only the source the mode names is counted.
   */
  count(
    articleId: number,
    headers: Record<string, string | string[] | undefined>,
    source: 'page' | 'beacon' = 'page',
  ): void {
    if (this.opts.mode !== (source === 'page' ? 'on' : 'beacon')) return;
    const ua = headers['user-agent'];
    if (isBot(typeof ua === 'string' ? ua : undefined)) return;
    const purpose = headers['sec-purpose'] ?? headers.purpose;
    if (typeof purpose === 'string' && purpose.includes('prefetch')) return;
    this.pending.set(articleId, (this.pending.get(articleId) ?? 0) + 1);
  }

  start(): void {
    if (this.timer || this.opts.mode === 'off') return;
    this.timer = setInterval(() => void this.flush().catch(() => {}), this.opts.flushMs);
    this.timer.unref();
  }

  /** Writes what was counted since the last flush. Counts are kept if the write fails. */
  async flush(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const now = this.now();
    this.flushing = (async () => {
      try {
        await repo.addViews(this.db, Math.floor(now / HOUR), batch);
      } catch (err) {
        for (const [id, n] of batch) this.pending.set(id, (this.pending.get(id) ?? 0) + n);
        throw err;
      }
      if (now - this.lastPrune > HOUR) {
        this.lastPrune = now;
        await repo.pruneViews(this.db, Math.floor(now / HOUR) - KEEP_HOURS);
      }
      this.mostReadAt = 0;
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
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

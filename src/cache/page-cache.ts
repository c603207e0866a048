import { createHash } from 'node:crypto';

/** A rendered page kept in memory, with the surrogate keys of everything it shows. */
export interface CachedPage {
  status: number;
  body: Buffer;
  contentType: string;
  etag: string;
  keys: string[];
  storedAt: number;
  /** The article whose page this is (its views are counted on cache hits too). */
  articleId?: number | undefined;
}

/**
 * Rendered pages in memory, bounded by bytes and evicted least-recently-used first, each tagged
 * with surrogate keys ("a:12" = shows article 12, "s:3" = section 3's listing, "home", ...).
 * purge(keys) drops exactly the pages carrying one of them.
 *
 * A page rendered while a purge of one of its keys happened is not stored: it may hold what the
 * purge was meant to remove. Each request takes a ticket before rendering; a store is refused if
 * any of the page's keys was purged after that ticket.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly purgedAt = new Map<string, number>();
  private clock = 0;
  /** Tickets older than this are refused (the purge record was trimmed after them). */
  private floor = 0;
  private bytes = 0;
  hits = 0;
  misses = 0;

  /**
   * @param maxBytes bound on the bodies kept
   * @param maxAgeMs a page is rendered afresh after this long even without a purge (the masthead
   *   date and the "Most read" lists change with time, not with publishing); settable at run time
   */
  constructor(
    readonly maxBytes: number,
    public maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }

  /** A ticket to pass to set(): the purge clock when rendering began. */
  ticket(): number {
    return this.clock;
  }

  /** The page while it is fresh. An expired one is kept (until evicted or purged) as a stale copy. */
  get(url: string): CachedPage | undefined {
    const page = this.pages.get(url);
    if (!page || this.now() - page.storedAt > this.maxAgeMs) {
      this.misses++;
      return undefined;
    }
    // Most recently used goes to the end of the map's order.
    this.pages.delete(url);
    this.pages.set(url, page);
    this.hits++;
    return page;
  }

  /**
   * The page, fresh or expired, for when it cannot be rendered (the database is unavailable):
   * stale-if-error. A purged page is gone from the cache, so it is never served this way.
   */
  stale(url: string): CachedPage | undefined {
    return this.pages.get(url);
  }

  set(url: string, page: Omit<CachedPage, 'etag'>, ticket: number): CachedPage | undefined {
    if (ticket < this.floor || page.keys.some((k) => (this.purgedAt.get(k) ?? -1) > ticket)) return undefined;
    if (page.body.length > this.maxBytes / 10) return undefined;
    this.remove(url);
    const stored: CachedPage = { ...page, etag: etagOf(page.body) };
    this.pages.set(url, stored);
    this.bytes += stored.body.length;
    for (const k of stored.keys) {
      const set = this.byKey.get(k);
      if (set) set.add(url);
      else this.byKey.set(k, new Set([url]));
    }
    while (this.bytes > this.maxBytes) {
      const oldest = this.pages.keys().next().value as string;
      this.remove(oldest);
    }
    return stored;
  }

  /** Drops every page carrying one of these keys; returns how many. */
  purge(keys: Iterable<string>): number {
    this.clock++;
    let n = 0;
    for (const k of keys) {
      this.purgedAt.set(k, this.clock);
      for (const url of this.byKey.get(k) ?? []) {
        if (this.remove(url)) n++;
      }
    }
    // The purge record only matters for renders in flight; keep it from growing without bound.
    if (this.purgedAt.size > 50_000) {
      this.purgedAt.clear();
      this.floor = this.clock;
    }
    return n;
  }

  clear(): void {
    this.clock++;
    this.pages.clear();
    this.byKey.clear();
    this.purgedAt.clear();
    this.floor = this.clock;
    this.bytes = 0;
  }

  private remove(url: string): boolean {
    const page = this.pages.get(url);
    if (!page) return false;
    this.pages.delete(url);
    this.bytes -= page.body.length;
    for (const k of page.keys) {
      const set = this.byKey.get(k);
      set?.delete(url);
      if (set?.size === 0) this.byKey.delete(k);
    }
    return true;
  }
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

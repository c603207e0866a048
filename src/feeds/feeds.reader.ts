import type { ListingReader, ListingScope } from '../articles/listings.reader.ts';
import type { Database } from '../core/db/database.ts';
import {
  articlesPublishedIn,
  type FeedEntry,
  feedEntries,
  publishedSince,
  publishedSpan,
} from './feeds.repository.ts';

/** Reads the feeds and the sitemaps. */
export class FeedsReader {
  constructor(
    private readonly db: Database,
    private readonly listings: ListingReader,
  ) {}

  /**
   * The newest `size` articles of a listing as feed entries, with the keys of the listing the feed
   * follows (so a publish shows in it at once).
   */
  async feed(scope: ListingScope, size: number): Promise<{ entries: FeedEntry[]; keys: string[] }> {
    const { items, keys } = await this.listings.newest(scope, size);
    const entries = await feedEntries(
      this.db,
      items.map((r) => r.id),
    );
    return { entries, keys };
  }

  /** The first and last publish times: the months the sitemap index lists. */
  publishedSpan(): Promise<{ first: number; last: number } | null> {
    return publishedSpan(this.db);
  }

  /** Articles published in [from, to), oldest first: a month's sitemap. */
  publishedIn(from: number, to: number, limit: number) {
    return articlesPublishedIn(this.db, from, to, limit);
  }

  /** Articles published since a time, newest first: the news sitemap. */
  publishedSince(since: number, limit: number) {
    return publishedSince(this.db, since, limit);
  }
}

import { articleKeysOf, cacheKeys } from '../core/cache-keys.ts';
import type { Cursor } from '../core/cursor.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleSummary } from '../core/model.ts';
import * as repo from './articles.repository.ts';

/** Articles per listing page. */
export const PAGE_SIZE = 20;

/**
 * What a listing lists. A root section's listing includes its children's articles; `archive` is a
 * time range [from, to) in UTC milliseconds; `latest` is the whole site (its feeds).
 */
export type ListingScope =
  | { kind: 'section'; id: number; isRoot: boolean }
  | { kind: 'tag'; id: number }
  | { kind: 'author'; id: number }
  | { kind: 'archive'; from: number; to: number }
  | { kind: 'latest' };

/** Articles of a listing with the surrogate keys of a page that shows them. */
export interface ListingSlice {
  items: ArticleSummary[];
  keys: string[];
}

/** One page of a listing; `next` is the cursor of the next older page, if there is one. */
export interface ListingPageData extends ListingSlice {
  next: Cursor | undefined;
}

/** The key a listing's page is purged by when an article joins the listing. */
export function scopeKey(scope: ListingScope): string {
  switch (scope.kind) {
    case 'section':
      return cacheKeys.section(scope.id);
    case 'tag':
      return cacheKeys.tag(scope.id);
    case 'author':
      return cacheKeys.author(scope.id);
    case 'archive':
      return cacheKeys.archive;
    case 'latest':
      return cacheKeys.feeds;
  }
}

/** Reads the public listings: section, tag, author, date archive and the whole site, newest first. */
export class ListingReader {
  constructor(private readonly db: Database) {}

  /** A page of PAGE_SIZE articles older than `before` (the newest page without it). */
  async page(scope: ListingScope, before?: Cursor): Promise<ListingPageData> {
    // One row beyond the page tells whether an older page exists.
    const rows = await this.rows(scope, PAGE_SIZE + 1, before);
    const items = rows.slice(0, PAGE_SIZE);
    const last = items.at(-1);
    const next =
      rows.length > PAGE_SIZE && last ? { publishedAt: last.published_at, id: last.id } : undefined;
    return { items, next, keys: [scopeKey(scope), ...articleKeysOf(items)] };
  }

  /** The newest `limit` articles of a listing, unpaged (feeds). */
  async newest(scope: ListingScope, limit: number): Promise<ListingSlice> {
    const items = await this.rows(scope, limit);
    return { items, keys: [scopeKey(scope), ...articleKeysOf(items)] };
  }

  private rows(scope: ListingScope, limit: number, before?: Cursor): Promise<ArticleSummary[]> {
    switch (scope.kind) {
      case 'section':
        return repo.listBySection(this.db, { id: scope.id, isRoot: scope.isRoot }, limit, before);
      case 'tag':
        return repo.listByTag(this.db, scope.id, limit, before);
      case 'author':
        return repo.listByAuthor(this.db, scope.id, limit, before);
      case 'archive':
        return repo.listInRange(this.db, scope.from, scope.to, limit, before);
      case 'latest':
        return repo.listLatest(this.db, limit, before);
    }
  }
}

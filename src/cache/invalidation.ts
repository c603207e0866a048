import { cacheKeys } from '../core/cache-keys.ts';
import type { ArticleChange } from '../core/events.ts';

/**
 * Surrogate keys. A page carries one key per thing whose change alters it:
 *   a:<id>      it shows article <id> (a listing entry, a related or "More from" link, the page itself)
 *   p:<id>      it is article <id>'s page (its related list is part of it)
 *   home        the home page
 *   s:<id>      section <id>'s listing (a parent's listing includes its children's articles)
 *   more:<id>   an article page whose "More from" list is section <id>'s latest
 *   t:<id>, u:<id>   tag and author listings
 *   archive     the date archive and the monthly sitemaps
 *   feeds       the site-wide feeds and the news sitemap (section and tag feeds carry s: and t:)
 * Publishing purges the listings the article joins; updating or withdrawing it purges every page
 * that shows it; older articles whose related lists took the new one are purged by their page key.
 */
export function articleKeys(e: ArticleChange, parentOf: (sectionId: number) => number | undefined): string[] {
  const parent = parentOf(e.sectionId);
  return [
    cacheKeys.home,
    cacheKeys.archive,
    cacheKeys.feeds,
    cacheKeys.article(e.id),
    cacheKeys.articlePage(e.id),
    cacheKeys.section(e.sectionId),
    cacheKeys.moreFrom(e.sectionId),
    ...(parent !== undefined ? [cacheKeys.section(parent)] : []),
    ...e.tagIds.map(cacheKeys.tag),
    ...e.authorIds.map(cacheKeys.author),
    ...e.pages.map(cacheKeys.articlePage),
  ];
}

/** Something that holds pages under surrogate keys: this process's page cache, or Varnish. */
export interface PurgeTarget {
  purge(keys: string[]): unknown;
  /** Drops everything. */
  clear(): unknown;
}

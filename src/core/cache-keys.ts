/**
 * Surrogate keys: the names under which cached pages (this process's page cache, Varnish in front)
 * are tagged and purged. Pages tag themselves with these; invalidation purges by the same names.
 * One module, so a page and its purge can never spell a key differently.
 */
export const cacheKeys = {
  /** Every page that shows the article (listings, related lists, feeds). */
  article: (id: number) => `a:${id}`,
  /** The article's own page. */
  articlePage: (id: number) => `p:${id}`,
  /** A section's listing and feeds. */
  section: (id: number) => `s:${id}`,
  /** The "More from <Section>" lists on article pages of a section. */
  moreFrom: (sectionId: number) => `more:${sectionId}`,
  tag: (id: number) => `t:${id}`,
  author: (id: number) => `u:${id}`,
  home: 'home',
  /** Date archive pages and the monthly sitemaps. */
  archive: 'archive',
  /** The site-wide feeds and the news sitemap. */
  feeds: 'feeds',
  robots: 'robots',
} as const;

/** The article keys of every article a page lists. */
export function articleKeysOf(...lists: { id: number }[][]): string[] {
  return lists.flat().map((a) => cacheKeys.article(a.id));
}

import type { ArticleChange, EventBus } from '../core/events.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import type { PageCache } from './page-cache.ts';

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
export function articleKeys(e: ArticleChange, sections: SectionTree): string[] {
  const section = sections.get(e.sectionId);
  return [
    'home',
    'archive',
    'feeds',
    `a:${e.id}`,
    `p:${e.id}`,
    `s:${e.sectionId}`,
    `more:${e.sectionId}`,
    ...(section?.parent ? [`s:${section.parent.id}`] : []),
    ...e.tagIds.map((t) => `t:${t}`),
    ...e.authorIds.map((a) => `u:${a}`),
    ...e.pages.map((p) => `p:${p}`),
  ];
}

/** Something that holds pages under surrogate keys: this process's page cache, or Varnish. */
export interface PurgeTarget {
  purge(keys: string[]): unknown;
  /** Drops everything. */
  clear(): unknown;
}

/**
 * Purges `target` on every change that alters pages. The page cache is per process, so it listens on
 * every node; a shared HTTP cache in front listens only where the change was made (once is enough).
 * Listeners run right after the commit, and the publishing request is answered when they are done.
 */
export function wireInvalidation(
  events: EventBus,
  target: PurgeTarget,
  sections: SectionTree,
  opts: { everyNode: boolean },
): void {
  const scope = { everyNode: opts.everyNode };
  const purge = (e: ArticleChange) => target.purge(articleKeys(e, sections));
  events.on('article.published', purge, scope);
  events.on('article.updated', purge, scope);
  events.on('article.unpublished', purge, scope);
  // Renamed or merged tags and sections change many pages: start afresh.
  events.on('tags.changed', () => target.clear(), scope);
  events.on('sections.changed', () => target.clear(), scope);
  events.on('home.curated', () => target.purge(['home']), scope);
  events.on('media.changed', (e) => target.purge(e.articleIds.map((id) => `a:${id}`)), scope);
  // Purges raised on other nodes may have been missed.
  if (opts.everyNode) events.onResync(() => target.clear());
}

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
 *   archive     the date archive
 * Publishing purges the listings the article joins; updating or withdrawing it purges every page
 * that shows it; older articles whose related lists took the new one are purged by their page key.
 */
export function articleKeys(e: ArticleChange, sections: SectionTree): string[] {
  const section = sections.get(e.sectionId);
  return [
    'home',
    'archive',
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

export function wireInvalidation(events: EventBus, cache: PageCache, sections: SectionTree): void {
  const purge = (e: ArticleChange) => {
    cache.purge(articleKeys(e, sections));
  };
  // Listeners run right after the commit, before the publishing request's response is sent.
  events.on('article.published', purge);
  events.on('article.updated', purge);
  events.on('article.unpublished', purge);
  // Renamed or merged tags and sections, and home curation, change many pages: start afresh.
  events.on('tags.changed', () => cache.clear());
  events.on('sections.changed', () => cache.clear());
  events.on('home.curated', () => {
    cache.purge(['home']);
  });
}

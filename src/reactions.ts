import type { PurgeTarget } from './cache/invalidation.ts';
import { articleKeys } from './cache/invalidation.ts';
import { cacheKeys } from './core/cache-keys.ts';
import type { Database } from './core/db/database.ts';
import type { ArticleChange, EventBus } from './core/events.ts';
import type { LiveFeed } from './live/live.feed.ts';
import type { LiveHub } from './live/live.hub.ts';
import type { RelatedService } from './related/related.service.ts';
import type { SearchService } from './search/search.service.ts';
import type { SectionTree } from './sections/sections.service.ts';

/**
 * Who reacts to what: every subscription to a domain event is made here, so "what happens after
 * `article.published`?" is answered by reading this one file. Each reaction says where it runs:
 * only on the node where the change was made (`once`: the search index, related lists, Varnish,
 * live-event stamping), or on every node (`everyNode`: its page cache, live streams, section tree,
 * editor vocabulary). Reactions run after the commit; the request that made the change is
 * answered once they have finished (see core/events.ts).
 */
export interface Reactors {
  events: EventBus;
  db: Database;
  sections: SectionTree;
  search: SearchService;
  related: RelatedService;
  /** This node's page cache. */
  pageCache: PurgeTarget;
  /** HTTP caches in front (Varnish), purged once per change. */
  httpCaches: PurgeTarget[];
  live: { hub: LiveHub; feed: LiveFeed };
  /** Counters for /metrics, when it is on. */
  metrics?: { published(): void } | undefined;
  /** Anything else that must forget what it derived from tags or articles (editor suggestions). */
  vocabularies?: { forget(): void }[];
}

const EVERY_NODE = { everyNode: true } as const;

export function wireReactions(r: Reactors): void {
  const { events } = r;

  // Indexes that follow taxonomy changes (once: they live in the shared database).
  events.on('tags.changed', ({ tagIds }) => r.search.syncTagged(tagIds));
  events.on('tags.merged', ({ sourceId, targetId }) => r.related.tagMerged(r.db, sourceId, targetId));

  // The section tree each node holds (the editing node reloaded it already).
  events.on('sections.changed', (_e, meta) => (meta.remote ? r.sections.reload() : undefined), EVERY_NODE);
  events.onResync(() => r.sections.reload());

  // Cached pages: this node's cache on every node; caches in front once.
  purgeOn(events, r.pageCache, r.sections, true);
  for (const cache of r.httpCaches) purgeOn(events, cache, r.sections, false);

  // Live updates: stamped where the change was made, sent to readers on every node.
  events.on('article.published', (e) => r.live.feed.articleChanged('publish', e.id));
  events.on('article.updated', (e) => r.live.feed.articleChanged('update', e.id));
  events.on('article.unpublished', (e) => r.live.feed.articleChanged('unpublish', e.id));
  events.on('live.event', (e) => r.live.hub.accept(e), EVERY_NODE);
  // Events from other nodes may have been missed: replay from the database, which has them all.
  events.onResync(() => r.live.hub.forget());

  if (r.metrics) {
    const m = r.metrics;
    events.on('article.published', () => m.published());
  }

  for (const v of r.vocabularies ?? []) {
    events.on('tags.changed', () => v.forget(), EVERY_NODE);
    events.on('article.published', () => v.forget(), EVERY_NODE);
  }
}

/**
 * Purges `target` on every change that alters pages. Listeners run right after the commit, and the
 * publishing request is answered when they are done.
 */
function purgeOn(events: EventBus, target: PurgeTarget, sections: SectionTree, everyNode: boolean): void {
  const scope = { everyNode };
  const parentOf = (id: number) => sections.get(id)?.parent?.id;
  const purge = (e: ArticleChange) => target.purge(articleKeys(e, parentOf));
  events.on('article.published', purge, scope);
  events.on('article.updated', purge, scope);
  events.on('article.unpublished', purge, scope);
  // Renamed or merged tags and sections change many pages: start afresh.
  events.on('tags.changed', () => target.clear(), scope);
  events.on('sections.changed', () => target.clear(), scope);
  // An author's own page; a new name or slug is in bylines across the site: start afresh then.
  events.on(
    'authors.changed',
    (e) => (e.bylines ? target.clear() : target.purge(e.authorIds.map(cacheKeys.author))),
    scope,
  );
  events.on('home.curated', () => target.purge([cacheKeys.home]), scope);
  events.on('media.changed', (e) => target.purge(e.articleIds.map(cacheKeys.article)), scope);
  // Purges raised on other nodes may have been missed.
  if (everyNode) events.onResync(() => target.clear());
}

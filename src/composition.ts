import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { AccountService } from './accounts/accounts.service.ts';
import { ArticleListReader } from './articles/article-list.reader.ts';
import { ArticleReader } from './articles/articles.reader.ts';
import { ArticleService } from './articles/articles.service.ts';
import { ListingReader } from './articles/listings.reader.ts';
import { NewsroomReader } from './articles/newsroom.reader.ts';
import { PreviewLinks } from './articles/preview-links.ts';
import { AuditLog } from './audit/audit.service.ts';
import { AuthorAdmin } from './authors/authors.admin.ts';
import { AuthorsReader } from './authors/authors.reader.ts';
import { PageCache } from './cache/page-cache.ts';
import type { AppContext } from './context.ts';
import type { Config } from './core/config.ts';
import type { DatabaseHandle } from './core/db/database.ts';
import { EventBus } from './core/events.ts';
import { FeedsReader } from './feeds/feeds.reader.ts';
import { FEED_LINKS } from './feeds/formats.ts';
import { HomeCuration } from './home/curation.ts';
import { HomeReader } from './home/home.reader.ts';
import { assets } from './http/assets.ts';
import { LiveFeed } from './live/live.feed.ts';
import { LiveHub } from './live/live.hub.ts';
import { MediaService } from './media/media.service.ts';
import { TagSuggestions } from './newsroom/suggestions.ts';
import { RelatedService } from './related/related.service.ts';
import { siteContext } from './render/context.ts';
import { SEARCH_QUEUE_LIMIT } from './search/search.limits.ts';
import { SearchService } from './search/search.service.ts';
import { SectionAdmin } from './sections/sections.admin.ts';
import { SectionsReader } from './sections/sections.reader.ts';
import { SectionTree } from './sections/sections.service.ts';
import { TagAdmin } from './tags/tags.admin.ts';
import { TagsReader } from './tags/tags.reader.ts';
import { ViewCounter } from './views/views.service.ts';

export interface Composition {
  /** What route groups receive: services and readers, never the database handle. */
  ctx: AppContext;
  search: SearchService;
  related: RelatedService;
  live: LiveHub;
  liveFeed: LiveFeed;
  /** Stops what runs in the background: search workers, the view counter's last flush, live streams. */
  close(): Promise<void>;
}

/**
 * The one place services and readers are built, with their dependencies passed explicitly. Route
 * groups get the result; reactions.ts subscribes the same objects to the domain events.
 */
export async function compose(
  config: Config,
  database: DatabaseHandle,
  log: FastifyBaseLogger,
): Promise<Composition> {
  const sections = new SectionTree(database.db);
  await sections.reload();
  const events = new EventBus((err, event) => log.error({ err, event }, 'event listener failed'));
  const audit = new AuditLog(database.db);
  // Reader searches run off the event loop (SQLite: worker threads), bounded in time and number.
  const search = new SearchService(database.db, Date.now, {
    limits: {
      concurrency: config.searchWorkers,
      timeoutMs: config.searchTimeoutMs,
      queueLimit: SEARCH_QUEUE_LIMIT,
    },
  });
  const related = new RelatedService();
  const articles = new ArticleService({
    db: database.db,
    sections,
    events,
    audit,
    indexers: [search, related],
  });
  const accounts = new AccountService(database.db, audit);
  const views = new ViewCounter(database.db, {
    flushMs: config.viewFlushSeconds * 1000,
    mode: config.viewCounting,
    onError: (message, err) => log.warn({ err }, message),
  });
  views.start();
  const pageCache = new PageCache(config.pageCacheMb * 1024 * 1024);
  const media = new MediaService(database.db, path.join(config.dataDir, 'media'), audit, Date.now, events);
  const listings = new ListingReader(database.db);
  const live = new LiveHub();
  const liveFeed = new LiveFeed(database.db, sections, live, events);
  const ctx: AppContext = {
    config,
    sections,
    articles,
    accounts,
    audit,
    media,
    events,
    views,
    pageCache,
    homeCuration: new HomeCuration(database.db, audit, events, search),
    sectionAdmin: new SectionAdmin(database.db, sections, audit, events),
    tagAdmin: new TagAdmin(database.db, audit, events),
    authorAdmin: new AuthorAdmin(database.db, audit, events),
    articleDesk: new NewsroomReader(database.db, sections),
    articleList: new ArticleListReader(database.db, sections),
    previewLinks: new PreviewLinks(database.db, audit),
    tagSuggestions: new TagSuggestions(database.db),
    listings,
    sectionsReader: new SectionsReader(database.db, sections),
    tagsReader: new TagsReader(database.db),
    authorsReader: new AuthorsReader(database.db),
    homeReader: new HomeReader(database.db, sections),
    articleReader: new ArticleReader(database.db, sections),
    feedsReader: new FeedsReader(database.db, listings),
    site: () =>
      siteContext(config, sections.topLevel(), { css: assets.css.path, live: assets.live.path }, FEED_LINKS),
    listingOptions: () => ({ site: ctx.site(), pathOf: (id) => sections.path(id) }),
  };

  return {
    ctx,
    search,
    related,
    live,
    liveFeed,
    close: async () => {
      live.closeAll();
      await search.close();
      // The last counts are written when the server closes.
      await views.stop();
    },
  };
}

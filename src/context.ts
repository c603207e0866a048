import type { AccountService } from './accounts/accounts.service.ts';
import type { ArticleListReader } from './articles/article-list.reader.ts';
import type { ArticleReader } from './articles/articles.reader.ts';
import type { ArticleService } from './articles/articles.service.ts';
import type { ListingReader } from './articles/listings.reader.ts';
import type { NewsroomReader } from './articles/newsroom.reader.ts';
import type { PreviewLinks } from './articles/preview-links.ts';
import type { AuditLog } from './audit/audit.service.ts';
import type { AuthorAdmin } from './authors/authors.admin.ts';
import type { AuthorsReader } from './authors/authors.reader.ts';
import type { PageCache } from './cache/page-cache.ts';
import type { Config } from './core/config.ts';
import type { EventBus } from './core/events.ts';
import type { FeedsReader } from './feeds/feeds.reader.ts';
import type { HomeCuration } from './home/curation.ts';
import type { HomeReader } from './home/home.reader.ts';
import type { MediaService } from './media/media.service.ts';
import type { TagSuggestions } from './newsroom/suggestions.ts';
import type { ListingOptions } from './render/components.tsx';
import type { SiteContext } from './render/context.ts';
import type { SectionAdmin } from './sections/sections.admin.ts';
import type { SectionsReader } from './sections/sections.reader.ts';
import type { SectionTree } from './sections/sections.service.ts';
import type { TagAdmin } from './tags/tags.admin.ts';
import type { TagsReader } from './tags/tags.reader.ts';
import type { ViewCounter } from './views/views.service.ts';

/** Dependencies handed to every route group; passed explicitly, nothing global. */
export interface AppContext {
  config: Config;
  sections: SectionTree;
  articles: ArticleService;
  accounts: AccountService;
  audit: AuditLog;
  /** Uploaded images: the library, the admin API and the article editor's image list. */
  media: MediaService;
  events: EventBus;
  views: ViewCounter;
  /** Rendered public pages; purged by domain events (clear it after changing rows directly). */
  pageCache: PageCache;
  homeCuration: HomeCuration;
  sectionAdmin: SectionAdmin;
  tagAdmin: TagAdmin;
  /** Author profiles (bylines): the newsroom's authors screen and the users screen's links. */
  authorAdmin: AuthorAdmin;
  /** The newsroom's article screens: dashboard, editor choices, revisions. */
  articleDesk: NewsroomReader;
  /** The newsroom's list of every article: search, filters, orders, counts per status. */
  articleList: ArticleListReader;
  /** Preview links: an unpublished article for someone without a login, until the link expires. */
  previewLinks: PreviewLinks;
  tagSuggestions: TagSuggestions;
  /** Public reads: listing pages, lookups by slug, the home page, an article's page, feeds and sitemaps. */
  listings: ListingReader;
  sectionsReader: SectionsReader;
  tagsReader: TagsReader;
  authorsReader: AuthorsReader;
  homeReader: HomeReader;
  articleReader: ArticleReader;
  feedsReader: FeedsReader;
  site(): SiteContext;
  listingOptions(): ListingOptions;
}

import type { AccountService } from '../accounts/accounts.service.ts';
import type { ArticleService } from '../articles/articles.service.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { PageCache } from '../cache/page-cache.ts';
import type { Config } from '../core/config.ts';
import type { Database, Dialect } from '../core/db/database.ts';
import type { EventBus } from '../core/events.ts';
import type { ListingOptions } from '../render/components.tsx';
import type { SiteContext } from '../render/context.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import type { ViewCounter } from '../views/views.service.ts';

/** Dependencies handed to every route group; passed explicitly, nothing global. */
export interface AppContext {
  config: Config;
  db: Database;
  dialect: Dialect;
  sections: SectionTree;
  articles: ArticleService;
  accounts: AccountService;
  audit: AuditLog;
  events: EventBus;
  views: ViewCounter;
  /** Rendered public pages; purged by domain events (clear it after changing rows directly). */
  pageCache: PageCache;
  site(): SiteContext;
  listingOptions(): ListingOptions;
}

import type { Config } from '../core/config.ts';
import type { FeedLink, Section } from '../core/model.ts';

/** What every page template needs to know about the site. */
export interface SiteContext {
  name: string;
  url: string;
  timeZone: string;
  sections: Section[];
  assets: { css: string; live: string };
  year: number;
  /** The feed formats pages link to (alternate links). */
  feeds: FeedLink[];
  /** Article pages ask their script to send a view beacon (VIEW_COUNTING=beacon). */
  viewBeacon: boolean;
}

export function siteContext(
  config: Config,
  sections: Section[],
  assets: { css: string; live: string },
  feeds: FeedLink[] = [],
): SiteContext {
  return {
    name: config.siteName,
    url: config.siteUrl,
    timeZone: config.timeZone,
    sections,
    assets,
    feeds,
    year: new Date().getFullYear(),
    viewBeacon: config.viewCounting === 'beacon',
  };
}

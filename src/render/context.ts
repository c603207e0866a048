import type { Config } from '../core/config.ts';
import type { Section } from '../sections/sections.service.ts';

/** What every page template needs to know about the site. */
export interface SiteContext {
  name: string;
  url: string;
  timeZone: string;
  sections: Section[];
  assets: { css: string; live: string };
  year: number;
  /** Article pages ask their script to send a view beacon (VIEW_COUNTING=beacon). */
  viewBeacon: boolean;
}

export function siteContext(
  config: Config,
  sections: Section[],
  assets: { css: string; live: string },
): SiteContext {
  return {
    name: config.siteName,
    url: config.siteUrl,
    timeZone: config.timeZone,
    sections,
    assets,
    year: new Date().getFullYear(),
    viewBeacon: config.viewCounting === 'beacon',
  };
}

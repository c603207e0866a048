import { Feed, type Item } from 'feed';
import { escapeHtml } from '../core/sanitize.ts';
import type { FeedEntry } from './feeds.repository.ts';

/** One feed: its title, where it lives on the site, and its entries. */
export interface FeedSpec {
  title: string;
  description: string;
  /** The page the feed follows ('' for the home page, '/sections/world', ...). */
  path: string;
  siteName: string;
  siteUrl: string;
  entries: FeedEntry[];
}

/**
 * The feed formats, by file name: adding a format is one entry here. Each is made by the `feed`
 * library, which writes well-formed XML and JSON and escapes what it writes. Its Atom titles are
 * declared `type="html"`, so headlines are HTML-escaped for Atom first (a headline that says
 * "<b>" must not become markup in a reader).
 */
export const FEED_FORMATS = {
  'feed.xml': {
    contentType: 'application/rss+xml; charset=utf-8',
    title: 'RSS',
    render: (f: Feed) => f.rss2(),
  },
  'feed.atom': {
    contentType: 'application/atom+xml; charset=utf-8',
    title: 'Atom',
    render: (f: Feed) => f.atom1(),
    escapeTitles: true,
  },
  'feed.json': {
    contentType: 'application/feed+json; charset=utf-8',
    title: 'JSON Feed',
    render: (f: Feed) => f.json1(),
  },
} as const;

export type FeedFile = keyof typeof FEED_FORMATS;

export function renderFeed(file: FeedFile, spec: FeedSpec): string {
  const format = FEED_FORMATS[file];
  const htmlTitles = 'escapeTitles' in format && format.escapeTitles;
  const title = (s: string) => (htmlTitles ? escapeHtml(s) : s);
  const home = `${spec.siteUrl}${spec.path || '/'}`;
  const newest = spec.entries[0];
  const feed = new Feed({
    id: home,
    link: home,
    title: title(spec.title),
    description: spec.description,
    language: 'en',
    updated: new Date(newest ? Math.max(newest.updated_at, newest.published_at) : 0),
    generator: 'Dateline',
    copyright: `© ${spec.siteName}`,
    feedLinks: Object.fromEntries(
      Object.keys(FEED_FORMATS).map((f) => [f.slice(5), `${spec.siteUrl}${spec.path}/${f}`]),
    ),
  });
  for (const e of spec.entries) {
    const url = `${spec.siteUrl}/articles/${e.id}/${e.slug}`;
    const item: Item = {
      title: title(e.place ? `${e.place}: ${e.headline}` : e.headline),
      id: url,
      guid: url,
      link: url,
      date: new Date(Math.max(e.updated_at, e.published_at)),
      published: new Date(e.published_at),
      description: e.lede,
      // Bodies were sanitised when written; the library puts them in CDATA or a JSON string.
      content: e.body,
      // (The library's JSON Feed reads the first author without checking there is one.)
      ...(e.authors.length
        ? { author: e.authors.map((a) => ({ name: a.name, link: `${spec.siteUrl}/authors/${a.slug}` })) }
        : {}),
      category: e.tags.map((t) => ({ name: t.name, domain: `${spec.siteUrl}/tags/${t.slug}` })),
    };
    feed.addItem(item);
  }
  return format.render(feed);
}

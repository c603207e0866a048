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

/** The fields that carry plain text (headlines, places, ledes, names), stored with characters decoded. */
type TextField = 'feedTitle' | 'feedDescription' | 'rights' | 'title' | 'summary' | 'author' | 'category';

interface FeedFormat {
  contentType: string;
  title: string;
  /** Plain text as this format must carry it in each field, for what the `feed` library writes there. */
  text: Record<TextField, (s: string) => string>;
  /** Article body HTML (sanitised when written) as this format carries it. */
  body: (html: string) => string;
  render: (f: Feed) => string;
}

// xml-js, the library's XML writer, turns every "&amp;" in element text back into "&" before
// escaping, and escapes only '"' in attributes (a '<' there breaks the document). So text for XML
// is escaped here in full with AMP standing for '&', and AMP becomes '&' once the document is
// written. AMP is NUL, which XML cannot carry at all: it is removed from text with the others.
const AMP = '\u0000';
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlChars = (s: string) => s.replace(NOT_XML, '');
const escapeXml = (s: string) =>
  s
    .replace(/&/g, `${AMP}amp;`)
    .replace(/</g, `${AMP}lt;`)
    .replace(/>/g, `${AMP}gt;`)
    .replace(/"/g, `${AMP}quot;`);
const writtenXml = (xml: string) => xml.replaceAll(AMP, '&');

/** Element text or attribute that readers show as text. */
const xmlText = (s: string) => escapeXml(xmlChars(s));
/** Element text that readers render as HTML: HTML-escaped, then XML-escaped. */
const xmlHtml = (s: string) => escapeXml(escapeHtml(xmlChars(s)));
/** CDATA that readers render as HTML: HTML-escaped, which also leaves no "]]>" to end the CDATA. */
const cdataHtml = (s: string) => escapeHtml(xmlChars(s));
// The library splits only the first "]]>" of a CDATA section; "]]&gt;" is the same to an HTML reader.
const cdataBody = (html: string) => xmlChars(html).replaceAll(']]>', ']]&gt;');
const asIs = (s: string) => s;

/**
 * The feed formats, by file name: adding a format is one entry here, saying how it carries plain
 * text in each field. Each is made by the `feed` library. What it writes, per field:
 * - RSS 2.0: channel title and description as element text, item title and description as
 *   CDATA; readers render all four as HTML. Copyright, author and category are element text.
 * - Atom 1.0: entry title and summary as CDATA declared type="html"; the feed's title, subtitle and
 *   rights, author names (text) and category label and term (attributes) are text.
 * - JSON Feed 1: title, summary, description, author and tags are plain JSON strings; content_html
 *   is the body.
 */
export const FEED_FORMATS = {
  'feed.xml': {
    contentType: 'application/rss+xml; charset=utf-8',
    title: 'RSS',
    text: {
      feedTitle: xmlHtml,
      feedDescription: xmlHtml,
      rights: xmlText,
      title: cdataHtml,
      summary: cdataHtml,
      author: xmlText,
      category: xmlText,
    },
    body: cdataBody,
    render: (f: Feed) => writtenXml(f.rss2()),
  },
  'feed.atom': {
    contentType: 'application/atom+xml; charset=utf-8',
    title: 'Atom',
    text: {
      feedTitle: xmlText,
      feedDescription: xmlText,
      rights: xmlText,
      title: cdataHtml,
      summary: cdataHtml,
      author: xmlText,
      category: xmlText,
    },
    body: cdataBody,
    render: (f: Feed) => writtenXml(f.atom1()),
  },
  'feed.json': {
    contentType: 'application/feed+json; charset=utf-8',
    title: 'JSON Feed',
    text: {
      feedTitle: asIs,
      feedDescription: asIs,
      rights: asIs,
      title: asIs,
      summary: asIs,
      author: asIs,
      category: asIs,
    },
    body: asIs,
    render: (f: Feed) => f.json1(),
  },
} satisfies Record<string, FeedFormat>;

export type FeedFile = keyof typeof FEED_FORMATS;

export function renderFeed(file: FeedFile, spec: FeedSpec): string {
  const format: FeedFormat = FEED_FORMATS[file];
  const text = format.text;
  const home = `${spec.siteUrl}${spec.path || '/'}`;
  const newest = spec.entries[0];
  const feed = new Feed({
    id: home,
    link: home,
    title: text.feedTitle(spec.title),
    description: text.feedDescription(spec.description),
    language: 'en',
    updated: new Date(newest ? Math.max(newest.updated_at, newest.published_at) : 0),
    generator: 'Dateline',
    copyright: text.rights(`© ${spec.siteName}`),
    feedLinks: Object.fromEntries(
      Object.keys(FEED_FORMATS).map((f) => [f.slice(5), `${spec.siteUrl}${spec.path}/${f}`]),
    ),
  });
  for (const e of spec.entries) {
    const url = `${spec.siteUrl}/articles/${e.id}/${e.slug}`;
    const item: Item = {
      title: text.title(e.place ? `${e.place}: ${e.headline}` : e.headline),
      id: url,
      guid: url,
      link: url,
      date: new Date(Math.max(e.updated_at, e.published_at)),
      published: new Date(e.published_at),
      description: text.summary(e.lede),
      content: format.body(e.body),
      // (The library's JSON Feed reads the first author without checking there is one.)
      ...(e.authors.length
        ? {
            author: e.authors.map((a) => ({
              name: text.author(a.name),
              link: `${spec.siteUrl}/authors/${a.slug}`,
            })),
          }
        : {}),
      // Atom requires a term (the library writes the name as its label only).
      category: e.tags.map((t) => ({
        name: text.category(t.name),
        term: text.category(t.name),
        domain: `${spec.siteUrl}/tags/${t.slug}`,
      })),
    };
    feed.addItem(item);
  }
  return format.render(feed);
}

/** The formats as pages link to them (<link rel="alternate">). */
export const FEED_LINKS = Object.entries(FEED_FORMATS).map(([file, f]) => ({
  file,
  contentType: f.contentType,
  title: f.title,
}));

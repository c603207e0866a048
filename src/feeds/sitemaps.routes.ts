import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  type IndexItem,
  SitemapIndexStream,
  type SitemapItemLoose,
  SitemapStream,
  streamToPromise,
} from 'sitemap';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { cacheKeys } from '../core/cache-keys.ts';
import { NotFoundError } from '../core/errors.ts';
import { localMonthRange, localParts } from '../core/time.ts';
import { articleUrl, sectionUrl } from '../core/urls.ts';

const XML = 'application/xml; charset=utf-8';
/** The sitemap protocol's limit per file. */
const MAX_URLS = 50_000;
/** Google News takes articles of the last two days, at most 1,000. */
const NEWS_WINDOW_MS = 48 * 3_600_000;
const NEWS_MAX = 1000;
const EMPTY_URLSET =
  '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>';

const pad = (n: number) => String(n).padStart(2, '0');

async function urlset(siteUrl: string, items: SitemapItemLoose[], news = false): Promise<string> {
  // The library refuses to end a sitemap with no URLs (EmptySitemap, a 500); a month without
  // articles or two quiet days is a valid empty one.
  if (items.length === 0) return EMPTY_URLSET;
  const stream = new SitemapStream({
    hostname: siteUrl,
    xmlns: { news, xhtml: false, image: false, video: false },
  });
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString();
}

/** Crawlers stay out of the newsroom, the admin API and search results, and find the sitemaps. */
function robotsTxt(siteUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /newsroom',
    'Disallow: /api/admin/',
    'Disallow: /search',
    '',
    `Sitemap: ${siteUrl}/sitemap.xml`,
    `Sitemap: ${siteUrl}/news-sitemap.xml`,
    '',
  ].join('\n');
}

/**
 * One sitemap per month from the newest to the first with articles, months in the site's zone. A
 * month with nothing published lists an empty sitemap, which is valid.
 */
function monthSitemaps(
  span: { first: number; last: number },
  siteUrl: string,
  timeZone: string,
): IndexItem[] {
  const first = localParts(span.first, timeZone);
  const last = localParts(span.last, timeZone);
  const items: IndexItem[] = [];
  for (let y = last.year, m = last.month; y > first.year || (y === first.year && m >= first.month); ) {
    items.push({ url: `${siteUrl}/sitemaps/articles-${y}-${pad(m)}.xml` });
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return items;
}

/**
 * `/robots.txt`, `/sitemap.xml` (an index of `/sitemaps/pages.xml` and one sitemap per month of
 * articles, `/sitemaps/articles-YYYY-MM.xml`, months in the site's time zone) and
 * `/news-sitemap.xml` (the last 48 hours). Made with the `sitemap` library, which writes and escapes
 * the XML; cached like pages and purged on publish.
 */
export function sitemapRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { siteUrl, siteName, timeZone } = ctx.config;

  app.get('/robots.txt', { config: { permission: 'public' } }, async (_req, reply) => {
    cachePage(reply, [cacheKeys.robots]);
    return reply.type('text/plain; charset=utf-8').send(robotsTxt(siteUrl));
  });

  app.get('/sitemap.xml', { config: { permission: 'public' } }, async (_req, reply) => {
    const span = await ctx.feedsReader.publishedSpan();
    const items: IndexItem[] = [
      { url: `${siteUrl}/sitemaps/pages.xml` },
      ...(span ? monthSitemaps(span, siteUrl, timeZone) : []),
    ];
    cachePage(reply, [cacheKeys.archive]);
    const index = new SitemapIndexStream();
    const xml = (await streamToPromise(Readable.from(items).pipe(index))).toString();
    return reply.type(XML).send(xml);
  });

  app.get<{ Params: { name: string } }>(
    '/sitemaps/:name',
    { config: { permission: 'public' } },
    async (req, reply) => {
      if (req.params.name === 'pages.xml') {
        cachePage(reply, [cacheKeys.home]);
        const pages: SitemapItemLoose[] = [
          { url: '/', changefreq: 'always' as SitemapItemLoose['changefreq'] },
          ...ctx.sections.all().map((s) => ({ url: sectionUrl(s) })),
          { url: '/archive' },
        ];
        return reply.type(XML).send(await urlset(siteUrl, pages));
      }
      const m = /^articles-(\d{4})-(\d{2})\.xml$/.exec(req.params.name);
      const year = Number(m?.[1]);
      const month = Number(m?.[2]);
      if (!m || month < 1 || month > 12 || year < 1970 || year > 9999) throw new NotFoundError();
      const [from, to] = localMonthRange(year, month, timeZone);
      const rows = await ctx.feedsReader.publishedIn(from, to, MAX_URLS);
      cachePage(reply, [cacheKeys.archive]);
      return reply.type(XML).send(
        await urlset(
          siteUrl,
          rows.map((r) => ({
            url: articleUrl(r),
            lastmod: new Date(r.updated_at).toISOString(),
          })),
        ),
      );
    },
  );

  app.get('/news-sitemap.xml', { config: { permission: 'public' } }, async (_req, reply) => {
    const rows = await ctx.feedsReader.publishedSince(Date.now() - NEWS_WINDOW_MS, NEWS_MAX);
    cachePage(reply, [cacheKeys.feeds, ...rows.map((r) => cacheKeys.article(r.id))]);
    return reply.type(XML).send(
      await urlset(
        siteUrl,
        rows.map((r) => ({
          url: articleUrl(r),
          news: {
            publication: { name: siteName, language: 'en' },
            publication_date: new Date(r.published_at ?? 0).toISOString(),
            title: r.headline,
          },
        })),
        true,
      ),
    );
  });
}

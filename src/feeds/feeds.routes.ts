import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ListingScope } from '../articles/listings.reader.ts';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { NotFoundError } from '../core/errors.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import { sectionUrl, tagUrl } from '../core/urls.ts';
import { FEED_FORMATS, type FeedFile, renderFeed } from './formats.ts';

/** Entries per feed: a day or more of a busy section. */
export const FEED_SIZE = 30;

/**
 * Feeds of the whole site, each section and each tag, in every format of FEED_FORMATS:
 * `/feed.xml`, `/sections/<slug>/feed.atom`, `/tags/<slug>/feed.json`, ... Cached like pages,
 * under the keys of the listing they follow, so a publish shows in them at once.
 */
export function feedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const send = async (
    reply: FastifyReply,
    file: FeedFile,
    head: { title: string; description: string; path: string },
    scope: ListingScope,
  ) => {
    const { entries, keys } = await ctx.feedsReader.feed(scope, FEED_SIZE);
    cachePage(reply, keys);
    const body = renderFeed(file, {
      ...head,
      siteName: ctx.config.siteName,
      siteUrl: ctx.config.siteUrl,
      entries,
    });
    return reply.type(FEED_FORMATS[file].contentType).send(body);
  };

  for (const file of Object.keys(FEED_FORMATS) as FeedFile[]) {
    app.get(`/${file}`, { config: { permission: 'public' } }, async (_req, reply) =>
      send(
        reply,
        file,
        {
          title: ctx.config.siteName,
          description: `The latest news from ${ctx.config.siteName}`,
          path: '',
        },
        { kind: 'latest' },
      ),
    );

    app.get<{ Params: { slug: string } }>(
      `/sections/:slug/${file}`,
      { config: { permission: 'public' } },
      async (req, reply) => {
        const section = SLUG_PATTERN.test(req.params.slug)
          ? ctx.sections.bySlugOrUndefined(req.params.slug)
          : undefined;
        if (!section) throw new NotFoundError();
        return send(
          reply,
          file,
          {
            title: `${ctx.config.siteName}: ${ctx.sections
              .path(section.id)
              .map((s) => s.name)
              .join(' » ')}`,
            description: `The latest ${section.name} news from ${ctx.config.siteName}`,
            path: sectionUrl(section),
          },
          { kind: 'section', id: section.id, isRoot: !section.parent },
        );
      },
    );

    app.get<{ Params: { slug: string } }>(
      `/tags/:slug/${file}`,
      { config: { permission: 'public' } },
      async (req, reply) => {
        const tag = SLUG_PATTERN.test(req.params.slug)
          ? await ctx.tagsReader.bySlug(req.params.slug)
          : undefined;
        if (!tag) throw new NotFoundError();
        return send(
          reply,
          file,
          {
            title: `${ctx.config.siteName}: ${tag.name}`,
            description: `The latest news about ${tag.name} from ${ctx.config.siteName}`,
            path: tagUrl(tag),
          },
          { kind: 'tag', id: tag.id },
        );
      },
    );
  }
}

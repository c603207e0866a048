import type { FastifyInstance } from 'fastify';
import { PAGE_SIZE } from '../articles/articles.reader.ts';
import { listByTag } from '../articles/articles.repository.ts';
import { encodeCursor, parseCursor } from '../articles/cursor.ts';
import { articleKeysOf, cachePage } from '../cache/http-cache.ts';
import { NotFoundError } from '../core/errors.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import type { AppContext } from '../http/context.ts';
import { queryString, sendPage } from '../http/html.ts';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';
import { findTagBySlug, findTagRedirect } from './tags.repository.ts';

export function tagRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>(
    '/tags/:slug',
    { config: { permission: 'public' } },
    async (req, reply) => {
      if (!SLUG_PATTERN.test(req.params.slug)) throw new NotFoundError();
      const tag = await findTagBySlug(ctx.db, req.params.slug);
      if (!tag) {
        const moved = await findTagRedirect(ctx.db, req.params.slug);
        if (moved) return reply.redirect(`/tags/${moved.slug}`, 301);
        throw new NotFoundError();
      }
      const before = parseCursor(queryString(req.query, 'before'));
      const rows = await listByTag(ctx.db, tag.id, PAGE_SIZE + 1, before);
      cachePage(reply, [`t:${tag.id}`, ...articleKeysOf(rows.slice(0, PAGE_SIZE))]);
      const base = `/tags/${tag.slug}`;
      return sendPage(
        reply,
        <ListingPage
          opts={ctx.listingOptions()}
          meta={{
            title: tag.name,
            description: `News about ${tag.name}`,
            canonical: before ? undefined : base,
            noindex: Boolean(before),
            feed: { title: `${ctx.config.siteName}: ${tag.name}`, path: `/tags/${tag.slug}` },
          }}
          heading={tag.name}
          intro={`The latest articles tagged ${tag.name}.`}
          items={rows.slice(0, PAGE_SIZE)}
          older={olderLink(base, rows, PAGE_SIZE, encodeCursor)}
          newest={before ? base : undefined}
        />,
      );
    },
  );
}

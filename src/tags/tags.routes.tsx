import type { FastifyInstance } from 'fastify';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { parseCursor } from '../core/cursor.ts';
import { NotFoundError } from '../core/errors.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import { tagUrl } from '../core/urls.ts';
import { queryString, sendPage } from '../http/html.ts';
import { TagPage } from './tag.page.tsx';

export function tagRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>(
    '/tags/:slug',
    { config: { permission: 'public' } },
    async (req, reply) => {
      if (!SLUG_PATTERN.test(req.params.slug)) throw new NotFoundError();
      const tag = await ctx.tagsReader.bySlug(req.params.slug);
      if (!tag) {
        const moved = await ctx.tagsReader.movedTo(req.params.slug);
        if (moved) return reply.redirect(tagUrl(moved), 301);
        throw new NotFoundError();
      }
      const before = parseCursor(queryString(req.query, 'before'));
      const page = await ctx.listings.page({ kind: 'tag', id: tag.id }, before);
      cachePage(reply, page.keys);
      return sendPage(
        reply,
        <TagPage
          opts={ctx.listingOptions()}
          tag={tag}
          items={page.items}
          next={page.next}
          paged={Boolean(before)}
        />,
      );
    },
  );
}

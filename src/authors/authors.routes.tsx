import type { FastifyInstance } from 'fastify';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { parseCursor } from '../core/cursor.ts';
import { NotFoundError } from '../core/errors.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import { authorUrl } from '../core/urls.ts';
import { queryString, sendPage } from '../http/html.ts';
import { AuthorPage } from './author.page.tsx';

export function authorRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>(
    '/authors/:slug',
    { config: { permission: 'public' } },
    async (req, reply) => {
      if (!SLUG_PATTERN.test(req.params.slug)) throw new NotFoundError();
      const profile = await ctx.authorsReader.profile(req.params.slug);
      if (!profile) {
        // A profile whose slug changed keeps its old address, as sections and tags do.
        const moved = await ctx.authorsReader.movedTo(req.params.slug);
        if (moved) return reply.redirect(authorUrl(moved), 301);
        throw new NotFoundError();
      }
      const before = parseCursor(queryString(req.query, 'before'));
      const page = await ctx.listings.page({ kind: 'author', id: profile.author.id }, before);
      cachePage(reply, page.keys);
      return sendPage(
        reply,
        <AuthorPage
          opts={ctx.listingOptions()}
          profile={profile}
          items={page.items}
          next={page.next}
          paged={Boolean(before)}
        />,
      );
    },
  );
}

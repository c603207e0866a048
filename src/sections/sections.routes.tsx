import type { FastifyInstance } from 'fastify';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { parseCursor } from '../core/cursor.ts';
import { NotFoundError } from '../core/errors.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import { sectionUrl } from '../core/urls.ts';
import { queryString, sendPage } from '../http/html.ts';
import { SectionPage } from './section.page.tsx';

export function sectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>(
    '/sections/:slug',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const section = ctx.sections.bySlugOrUndefined(req.params.slug);
      if (!section) {
        // A renamed section's old address moves permanently to the new one.
        const target = SLUG_PATTERN.test(req.params.slug)
          ? await ctx.sectionsReader.movedTo(req.params.slug)
          : undefined;
        if (target) return reply.redirect(sectionUrl(target), 301);
        throw new NotFoundError();
      }
      const before = parseCursor(queryString(req.query, 'before'));
      const page = await ctx.listings.page(
        { kind: 'section', id: section.id, isRoot: !section.parent },
        before,
      );
      cachePage(reply, page.keys);
      return sendPage(
        reply,
        <SectionPage
          opts={ctx.listingOptions()}
          section={section}
          items={page.items}
          next={page.next}
          paged={Boolean(before)}
        />,
      );
    },
  );
}

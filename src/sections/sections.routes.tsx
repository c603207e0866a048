import type { FastifyInstance } from 'fastify';
import { PAGE_SIZE } from '../articles/articles.reader.ts';
import { listBySection } from '../articles/articles.repository.ts';
import { encodeCursor, parseCursor } from '../articles/cursor.ts';
import { articleKeysOf, cachePage } from '../cache/http-cache.ts';
import { NotFoundError } from '../core/errors.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import type { AppContext } from '../http/context.ts';
import { queryString, sendPage } from '../http/html.ts';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';
import { findSectionRedirect } from './sections.repository.ts';

export function sectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>(
    '/sections/:slug',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const section = ctx.sections.bySlugOrUndefined(req.params.slug);
      if (!section) {
        // A renamed section's old address moves permanently to the new one.
        const movedTo = SLUG_PATTERN.test(req.params.slug)
          ? await findSectionRedirect(ctx.db, req.params.slug)
          : undefined;
        const target = movedTo ? ctx.sections.get(movedTo) : undefined;
        if (target) return reply.redirect(`/sections/${target.slug}`, 301);
        throw new NotFoundError();
      }
      const before = parseCursor(queryString(req.query, 'before'));
      const rows = await listBySection(
        ctx.db,
        { id: section.id, isRoot: !section.parent },
        PAGE_SIZE + 1,
        before,
      );
      const items = rows.slice(0, PAGE_SIZE);
      cachePage(reply, [`s:${section.id}`, ...articleKeysOf(items)]);
      const base = `/sections/${section.slug}`;
      const siblings = section.parent ? section.parent.children : section.children;
      return sendPage(
        reply,
        <ListingPage
          opts={ctx.listingOptions()}
          meta={{
            title: section.parent ? `${section.parent.name} » ${section.name}` : section.name,
            description: section.description || undefined,
            canonical: before ? undefined : base,
            activeSection: (section.parent ?? section).slug,
            noindex: Boolean(before),
            live: { page: 'section', section: section.slug },
            feed: { title: `${ctx.config.siteName}: ${section.name}`, path: `/sections/${section.slug}` },
          }}
          heading={
            section.parent ? (
              <>
                <a href={`/sections/${section.parent.slug}`}>{section.parent.name}</a> » {section.name}
              </>
            ) : (
              section.name
            )
          }
          intro={section.description}
          nav={
            siblings.length > 0 && (
              <nav aria-label={`${(section.parent ?? section).name} sections`}>
                <ul class="sub-nav">
                  {siblings.map((c) => (
                    <li key={c.id}>
                      <a href={`/sections/${c.slug}`} aria-current={c.id === section.id ? 'page' : undefined}>
                        {c.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )
          }
          items={items}
          older={olderLink(base, rows, PAGE_SIZE, encodeCursor)}
          newest={before ? base : undefined}
        />,
      );
    },
  );
}

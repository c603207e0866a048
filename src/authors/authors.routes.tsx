import type { FastifyInstance } from 'fastify';
import { PAGE_SIZE } from '../articles/articles.reader.ts';
import { listByAuthor } from '../articles/articles.repository.ts';
import { encodeCursor, parseCursor } from '../articles/cursor.ts';
import { articleKeysOf, cachePage } from '../cache/http-cache.ts';
import { NotFoundError } from '../core/errors.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import type { AppContext } from '../http/context.ts';
import { queryString, sendPage } from '../http/html.ts';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';
import { findAuthorBySlug } from './authors.repository.ts';

export function authorRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>(
    '/authors/:slug',
    { config: { permission: 'public' } },
    async (req, reply) => {
      if (!SLUG_PATTERN.test(req.params.slug)) throw new NotFoundError();
      const author = await findAuthorBySlug(ctx.db, req.params.slug);
      if (!author) throw new NotFoundError();
      const before = parseCursor(queryString(req.query, 'before'));
      const rows = await listByAuthor(ctx.db, author.id, PAGE_SIZE + 1, before);
      cachePage(reply, [`u:${author.id}`, ...articleKeysOf(rows.slice(0, PAGE_SIZE))]);
      const base = `/authors/${author.slug}`;
      return sendPage(
        reply,
        <ListingPage
          opts={ctx.listingOptions()}
          meta={{
            title: author.name,
            description: author.bio || undefined,
            canonical: before ? undefined : base,
            noindex: Boolean(before),
          }}
          heading={author.name}
          intro={author.bio}
          items={rows.slice(0, PAGE_SIZE)}
          older={olderLink(base, rows, PAGE_SIZE, encodeCursor)}
          newest={before ? base : undefined}
        />,
      );
    },
  );
}

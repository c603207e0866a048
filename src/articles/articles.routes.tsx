import type { FastifyInstance } from 'fastify';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { articleKeysOf, cacheKeys } from '../core/cache-keys.ts';
import { NotFoundError } from '../core/errors.ts';
import { articleUrl } from '../core/urls.ts';
import { parseId, sendPage } from '../http/html.ts';
import { ArticlePage } from './article.page.tsx';

export function articleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const show = async (
    idRaw: string,
    slug: string | undefined,
    req: import('fastify').FastifyRequest,
    reply: import('fastify').FastifyReply,
  ) => {
    const id = parseId(idRaw);
    if (id === undefined) throw new NotFoundError();
    const view = await ctx.articleReader.articlePage(id);
    // The id is the identity; any other slug (old, mistyped or missing) redirects to the current one.
    if (slug !== view.article.slug) return reply.redirect(articleUrl(view.article), 301);
    const mostRead = await ctx.views.mostReadLists();
    if (req.method === 'GET') ctx.views.count(id, req.headers, req.ip);
    cachePage(
      reply,
      [
        cacheKeys.articlePage(id),
        cacheKeys.moreFrom(view.article.section_id),
        ...articleKeysOf([view.article], view.related, view.more, mostRead.day, mostRead.week),
      ],
      id,
    );
    return sendPage(reply, <ArticlePage v={{ ...view, mostRead }} opts={ctx.listingOptions()} />);
  };

  app.get<{ Params: { id: string; slug: string } }>(
    '/articles/:id/:slug',
    { config: { permission: 'public' } },
    (req, reply) => show(req.params.id, req.params.slug, req, reply),
  );
  app.get<{ Params: { id: string } }>('/articles/:id', { config: { permission: 'public' } }, (req, reply) =>
    show(req.params.id, undefined, req, reply),
  );
}

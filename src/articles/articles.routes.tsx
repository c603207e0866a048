import type { FastifyInstance } from 'fastify';
import { articleKeysOf, cachePage } from '../cache/http-cache.ts';
import { NotFoundError } from '../core/errors.ts';
import type { AppContext } from '../http/context.ts';
import { parseId, sendPage } from '../http/html.ts';
import { articleUrl } from '../render/components.tsx';
import { ArticlePage } from './article.page.tsx';
import { ArticleReader } from './articles.reader.ts';

export function articleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const reader = new ArticleReader(ctx.db, ctx.sections);

  const show = async (
    idRaw: string,
    slug: string | undefined,
    req: import('fastify').FastifyRequest,
    reply: import('fastify').FastifyReply,
  ) => {
    const id = parseId(idRaw);
    if (id === undefined) throw new NotFoundError();
    const view = await reader.articlePage(id);
    // The id is the identity; any other slug (old, mistyped or missing) redirects to the current one.
    if (slug !== view.article.slug) return reply.redirect(articleUrl(view.article), 301);
    const mostRead = await ctx.views.mostReadLists();
    if (req.method === 'GET') ctx.views.count(id, req.headers, req.ip);
    cachePage(
      reply,
      [
        `p:${id}`,
        `more:${view.article.section_id}`,
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

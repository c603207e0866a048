import type { FastifyInstance, FastifyRequest } from 'fastify';
import { carriesIdentity, SESSION_COOKIE } from '../accounts/auth.ts';
import { can } from '../accounts/permissions.ts';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { articleKeysOf, cacheKeys } from '../core/cache-keys.ts';
import { NotFoundError } from '../core/errors.ts';
import { articleUrl } from '../core/urls.ts';
import { parseId, sendPage } from '../http/html.ts';
import { ArticlePage } from './article.page.tsx';
import { canSee } from './workflow.ts';

/**
 * The editor's address for a signed-in staff member who may open the article, else undefined.
 * Asked only of a request that the page cache neither answers nor stores: one with a session
 * cookie (cache/http-cache.ts; Varnish passes such requests by, deploy/varnish/dateline.vcl), whose
 * page goes out as `private, no-store`. A page with the link is never kept for a reader.
 */
async function editLink(
  req: FastifyRequest,
  ctx: AppContext,
  article: { id: number; created_by: number | null },
): Promise<string | undefined> {
  if (req.cacheTicket !== null || !carriesIdentity(req.headers)) return undefined;
  const user = (await ctx.accounts.resolveSession(req.cookies[SESSION_COOKIE]))?.user;
  if (!user || !can(user.role, 'newsroom.use') || !canSee(user, article)) return undefined;
  return `/newsroom/articles/${article.id}`;
}

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
    const edit = await editLink(req, ctx, view.article);
    return sendPage(reply, <ArticlePage v={{ ...view, mostRead }} opts={ctx.listingOptions()} edit={edit} />);
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

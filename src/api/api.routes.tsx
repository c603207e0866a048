import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { sendPage } from '../http/html.ts';
import { adminArticleRoutes } from './admin-articles.routes.ts';
import { ApiDocsPage } from './api-docs.page.tsx';
import type { ApiRegistry } from './openapi.ts';

/** The admin API, its OpenAPI document and a readable page of it. */
export function apiRoutes(app: FastifyInstance, ctx: AppContext, api: ApiRegistry): void {
  adminArticleRoutes(app, ctx, api);
  // Read when asked, so operations other features add (media) are included.
  const docOf = () => api.document(ctx.config.siteName);

  app.get('/api/openapi.json', { config: { permission: 'public' } }, async () => docOf());

  app.get('/api/docs', { config: { permission: 'public' } }, async (_req, reply) => {
    return sendPage(reply, <ApiDocsPage site={ctx.site()} doc={docOf()} />);
  });
}

import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../core/errors.ts';
import type { AppContext } from '../http/context.ts';

/**
 * `POST /views/:id`: the view beacon an article page's script sends when views are counted by
 * beacon (VIEW_COUNTING=beacon, the default behind Varnish, whose hits never reach Dateline).
 * No body, no cookies needed; bots and prefetches are not counted, and each address is limited.
 */
export function viewRoutes(app: FastifyInstance, ctx: AppContext): void {
  if (ctx.config.viewCounting !== 'beacon') return;
  app.post<{ Params: { id: string } }>(
    '/views/:id',
    {
      bodyLimit: 1024,
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      if (!/^\d{1,12}$/.test(req.params.id)) throw new NotFoundError();
      ctx.views.count(Number(req.params.id), req.headers, 'beacon');
      return reply.code(204).header('cache-control', 'no-store').send();
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { NotFoundError } from '../core/errors.ts';
import { positiveInt32 } from '../core/numbers.ts';

/**
 * `POST /views/:id`: the view beacon an article page's script sends when views are counted by
 * beacon (VIEW_COUNTING=beacon, the default behind Varnish, whose hits never reach Dateline).
 * No body, no cookies needed; bots, prefetches and a reader's repeats within 30 minutes are not
 * counted, and each address is limited.
 */
export function viewRoutes(app: FastifyInstance, ctx: AppContext): void {
  if (ctx.config.viewCounting !== 'beacon') return;
  app.post<{ Params: { id: string } }>(
    '/views/:id',
    {
      bodyLimit: 1024,
      config: { permission: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      // Only a published article's id is counted: anything else (out of int32 range, unknown,
      // withdrawn) is a 404 and never reaches the batch written to the database.
      const id = positiveInt32(req.params.id);
      if (id === undefined || !(await ctx.views.isPublished(id))) throw new NotFoundError();
      ctx.views.count(id, req.headers, req.ip, 'beacon');
      return reply.code(204).header('cache-control', 'no-store').send();
    },
  );
}

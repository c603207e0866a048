import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../core/db/database.ts';

/**
 * `/healthz` (the process runs) and `/readyz` (it can reach its database, or why not). A database
 * outage is logged when it begins and when it ends, not once per request.
 */
export function healthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  app.get('/healthz', { config: { permission: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { permission: 'public' } }, async (req, reply) => {
    try {
      await database.db.selectFrom('sections').select('id').limit(1).execute();
      database.availability.succeeded();
      return { status: 'ready', database: database.dialect };
    } catch (err) {
      // Says why (no host, no credentials): the first thing an operator looks at.
      const reason = database.availability.failed(err);
      if (!reason) req.log.error({ err }, 'readiness query failed');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({
          status: 'unavailable',
          database: reason ? 'unreachable' : 'error',
          reason: reason ?? 'query failed',
        });
    }
  });
  // A database outage is logged when it begins and when it ends, not once per request.
  const offAvailability = database.availability.onChange((c) =>
    c.available
      ? app.log.info(`Database reachable again after ${(c.downForMs / 1000).toFixed(1)} s`)
      : app.log.warn(`Database unavailable (${c.reason}): answering 503 until it is back`),
  );
  app.addHook('onClose', async () => offAvailability());
}

import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { PageCache } from '../cache/page-cache.ts';
import { UnauthorizedError } from '../core/errors.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `/metrics` in Prometheus' text format, for operators: the page cache (hits, misses, size), open
 * live streams, publishes, and Node's own figures (CPU, memory, event-loop delay, GC) from
 * prom-client. Off unless METRICS_TOKEN is set; the scraper sends it as a bearer token.
 */
/** Registers /metrics when METRICS_TOKEN is set; returns the counters events feed (see reactions.ts). */
export async function metricsRoutes(
  app: FastifyInstance,
  deps: { token: string | undefined; pageCache: PageCache; live: { readonly open: number } },
): Promise<{ published(): void } | undefined> {
  const { token, live } = deps;
  if (!token) return undefined;
  // Loaded only when metrics are on.
  const client = await import('prom-client');
  const registry: Registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'dateline_' });
  const registers = [registry];
  const cache = deps.pageCache;
  /** A counter that follows a running total kept elsewhere. */
  const follow = (name: string, help: string, total: () => number) => {
    let seen = 0;
    new client.Counter({
      name,
      help,
      registers,
      collect() {
        const now = total();
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
  };
  follow('dateline_page_cache_hits_total', 'Pages answered from the page cache', () => cache.hits);
  follow(
    'dateline_page_cache_misses_total',
    'Cacheable requests the page cache could not answer',
    () => cache.misses,
  );
  new client.Gauge({
    name: 'dateline_page_cache_bytes',
    help: 'Bytes of rendered pages held',
    registers,
    collect() {
      this.set(cache.size.bytes);
    },
  });
  new client.Gauge({
    name: 'dateline_page_cache_pages',
    help: 'Rendered pages held',
    registers,
    collect() {
      this.set(cache.size.pages);
    },
  });
  new client.Gauge({
    name: 'dateline_live_streams',
    help: 'Open live-update streams',
    registers,
    collect() {
      this.set(live.open);
    },
  });
  const published = new client.Counter({
    name: 'dateline_articles_published_total',
    help: 'Articles published on this node',
    registers,
  });

  // Public as a route: the handler itself demands METRICS_TOKEN (scrapers have no user).
  app.get('/metrics', { config: { permission: 'public' } }, async (req, reply) => {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!sameSecret(given, token)) throw new UnauthorizedError('A metrics token is required.');
    return reply
      .header('cache-control', 'no-store')
      .type(registry.contentType)
      .send(await registry.metrics());
  });
  return { published: () => published.inc() };
}

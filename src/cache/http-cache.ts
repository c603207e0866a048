import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../accounts/auth.ts';
import type { CachedPage, PageCache } from './page-cache.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Set by a public page's handler: the page may be cached, under these surrogate keys. */
    surrogateKeys: string[] | null;
    /** The article whose page this is (views are counted on cache hits). */
    cachedArticleId: number | null;
  }
  interface FastifyRequest {
    /** The page cache's ticket when rendering began; null when this request is not cacheable. */
    cacheTicket: number | null;
  }
}

/**
 * Shared caches (Varnish, a CDN) may keep a page for this long; they are purged on publish like the
 * process cache. Browsers revalidate every time (max-age=0) and get a 304 when nothing changed.
 */
const SHARED_MAX_AGE = 300;
const PUBLIC_CACHE_CONTROL = `public, max-age=0, s-maxage=${SHARED_MAX_AGE}, stale-while-revalidate=30, stale-if-error=86400`;

/** `a:<id>` for every article a page shows. */
export function articleKeysOf(...lists: { id: number }[][]): string[] {
  return lists.flat().map((a) => `a:${a.id}`);
}

/** Marks the page being rendered as cacheable under these keys (see invalidation.ts for the names). */
export function cachePage(reply: FastifyReply, keys: Iterable<string>, articleId?: number): void {
  reply.surrogateKeys = [...new Set(keys)];
  if (articleId !== undefined) reply.cachedArticleId = articleId;
}

/**
 * Who may share a cached page: anonymous GET and HEAD requests. A request with a newsroom session
 * or an API token is neither served from the cache nor stored in it, so staff never see a page
 * made for someone else, and nobody sees one made for staff.
 */
function shareable(req: { method?: string | undefined; headers: IncomingMessage['headers'] }): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.headers.authorization) return false;
  const cookie = req.headers.cookie;
  return !cookie?.includes(`${SESSION_COOKIE}=`);
}

/** The headers of a cache hit, the same on both paths that serve one. */
function hitHeaders(page: CachedPage): Record<string, string> {
  return {
    etag: page.etag,
    'cache-control': PUBLIC_CACHE_CONTROL,
    'surrogate-key': page.keys.join(' '),
    'x-cache': 'HIT',
  };
}

function sendCached(req: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  reply.headers(hitHeaders(page));
  if (req.headers['if-none-match'] === page.etag) return reply.code(304).send();
  return reply.code(page.status).type(page.contentType).send(page.body);
}

export function registerPageCache(
  app: FastifyInstance,
  cache: PageCache,
  opts: { onHit?: (page: CachedPage, req: FastifyRequest) => void } = {},
): void {
  app.decorateReply('surrogateKeys', null);
  app.decorateReply('cachedArticleId', null);
  app.decorateRequest('cacheTicket', null);

  app.addHook('onRequest', async (req, reply) => {
    if (!shareable(req)) return;
    const page = cache.get(req.url);
    if (page) {
      opts.onHit?.(page, req);
      return sendCached(req, reply, page);
    }
    req.cacheTicket = cache.ticket();
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!reply.surrogateKeys) return payload;
    // Listings and pages the cache may share carry their keys for an HTTP cache in front too.
    if (req.cacheTicket === null) {
      reply.header('cache-control', 'private, no-store');
      return payload;
    }
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const body = Buffer.from(payload);
    const stored = cache.set(
      req.url,
      {
        status: 200,
        body,
        contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
        keys: reply.surrogateKeys,
        storedAt: Date.now(),
        articleId: reply.cachedArticleId ?? undefined,
      },
      req.cacheTicket,
    );
    reply.header('cache-control', PUBLIC_CACHE_CONTROL);
    reply.header('surrogate-key', reply.surrogateKeys.join(' '));
    reply.header('x-cache', 'MISS');
    if (stored) reply.header('etag', stored.etag);
    return payload;
  });
}

/**
 * Cache hits answered straight from Node's request event, before Fastify routes, parses or runs
 * hooks: a hit is a map lookup and a write. Misses (and everything else) go on to Fastify, whose
 * hooks above render, store and answer the same way, so both paths send the same headers.
 *
 * Each page's response headers are built once, on its first hit, as a plain object literal: a
 * header object made per request by spreading a shared one made Node's writeHead take the slow
 * path, which cost a third of the throughput (measured with wrk on this machine).
 */
export function cacheFastPath(
  cache: PageCache,
  baseHeaders: Record<string, string>,
  onHit?: (page: CachedPage, req: IncomingMessage) => void,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const prepared = new WeakMap<CachedPage, { ok: OutgoingHttpHeaders; notModified: OutgoingHttpHeaders }>();
  const headersOf = (page: CachedPage) => {
    let h = prepared.get(page);
    if (!h) {
      const notModified: OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(baseHeaders)) notModified[k] = v;
      for (const [k, v] of Object.entries(hitHeaders(page))) notModified[k] = v;
      const ok: OutgoingHttpHeaders = { ...notModified };
      ok['content-type'] = page.contentType;
      ok['content-length'] = page.body.length;
      h = { ok: Object.freeze(ok), notModified: Object.freeze(notModified) };
      prepared.set(page, h);
    }
    return h;
  };
  return (req, res) => {
    if (!req.url || !shareable(req)) return false;
    const page = cache.get(req.url);
    if (!page) return false;
    onHit?.(page, req);
    const headers = headersOf(page);
    if (req.headers['if-none-match'] === page.etag) {
      res.writeHead(304, headers.notModified);
      res.end();
      return true;
    }
    res.writeHead(page.status, headers.ok);
    res.end(req.method === 'HEAD' ? undefined : page.body);
    return true;
  };
}

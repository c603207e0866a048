import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../accounts/auth.ts';
import { pickEncoding, Representations } from './encodings.ts';
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

/** The headers of a cache hit, the same on both paths that serve one (the ETag is per encoding). */
function hitHeaders(page: CachedPage): Record<string, string> {
  return {
    'cache-control': PUBLIC_CACHE_CONTROL,
    'surrogate-key': page.keys.join(' '),
    vary: 'accept-encoding',
    'x-cache': 'HIT',
  };
}

export function registerPageCache(
  app: FastifyInstance,
  cache: PageCache,
  opts: {
    /** Sent with every hit (the site's security headers). */
    baseHeaders?: Record<string, string>;
    onHit?: (
      page: CachedPage,
      req: { method?: string | undefined; headers: IncomingMessage['headers'] },
    ) => void;
  } = {},
): (req: IncomingMessage, res: ServerResponse) => boolean {
  app.decorateReply('surrogateKeys', null);
  app.decorateReply('cachedArticleId', null);
  app.decorateRequest('cacheTicket', null);

  // One set of compressed copies for both paths that answer hits.
  const representations = new Representations(hitHeaders, opts.baseHeaders);
  const answer = hitWriter(representations, opts.onHit);
  // Hits that reach Fastify (in-process requests such as inject(); the server's own listener
  // answers the rest first) are written the same way, by the same function.
  app.addHook('onRequest', async (req, reply) => {
    if (!shareable(req)) return;
    const page = cache.get(req.url);
    if (page) {
      reply.hijack();
      answer(page, req.raw, reply.raw);
      return;
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
    // Hits may be compressed; a cache in front keeps one copy per encoding.
    reply.header('vary', 'accept-encoding');
    reply.header('x-cache', 'MISS');
    if (!stored) return payload;
    // The first reader gets the page compressed as later ones will, with the same ETag.
    const r = representations.of(stored, pickEncoding(req.headers['accept-encoding']));
    reply.header('etag', r.etag);
    if (r.ok['content-encoding']) reply.header('content-encoding', r.ok['content-encoding']);
    return r.body;
  });

  // The fast path, for the server's request listener: hits answered from Node's request event
  // before Fastify routes, parses or runs hooks (a map lookup and a write). Misses go on to
  // Fastify, whose hooks above render, store and answer with the same headers.
  return (req, res) => {
    if (!req.url || !shareable(req)) return false;
    const page = cache.get(req.url);
    if (!page) return false;
    answer(page, req, res);
    return true;
  };
}

/** Writes a cache hit: counted, in the encoding the client takes, 304 when its copy is current. */
function hitWriter(
  representations: Representations,
  onHit?: (page: CachedPage, req: IncomingMessage) => void,
): (page: CachedPage, req: IncomingMessage, res: ServerResponse) => void {
  return (page, req, res) => {
    onHit?.(page, req);
    const r = representations.of(page, pickEncoding(req.headers['accept-encoding']));
    if (req.headers['if-none-match'] === r.etag) {
      res.writeHead(304, r.notModified);
      res.end();
      return;
    }
    res.writeHead(page.status, r.ok);
    res.end(req.method === 'HEAD' ? undefined : r.body);
  };
}

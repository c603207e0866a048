import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cacheKeyOf } from './cache-key.ts';
import { pickEncoding, Representations } from './encodings.ts';
import type { CachedPage, PageCache } from './page-cache.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Set by a public page's handler: the page may be cached, under these surrogate keys. */
    surrogateKeys: string[] | null;
    /** The article whose page this is (views are counted on cache hits). */
    cachedArticleId: number | null;
    /**
     * Answers with the cached copy of this URL, even an expired one (stale-if-error, for when the
     * page cannot be rendered because the database is unavailable). False when there is none or
     * the request may not share cached pages.
     */
    sendStale(): boolean;
  }
  interface FastifyRequest {
    /** The page's key in the cache (see cache-key.ts); set with cacheTicket. */
    cacheKey: string | null;
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
function shareableBy(isPrivate: (headers: IncomingMessage['headers']) => boolean) {
  return (req: { method?: string | undefined; headers: IncomingMessage['headers'] }): boolean =>
    (req.method === 'GET' || req.method === 'HEAD') && !isPrivate(req.headers);
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
    /**
     * Whether a request carries someone's identity (a session cookie, a token): such requests are
     * neither served from the cache nor stored in it. The accounts feature answers it.
     */
    isPrivate: (headers: IncomingMessage['headers']) => boolean;
    /** Sent with every hit (the site's security headers). */
    baseHeaders?: Record<string, string>;
    onHit?: (page: CachedPage, req: IncomingMessage) => void;
  },
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const shareable = shareableBy(opts.isPrivate);
  app.decorateReply('surrogateKeys', null);
  app.decorateReply('cachedArticleId', null);
  app.decorateRequest('cacheTicket', null);
  app.decorateRequest('cacheKey', null);
  app.decorateReply('sendStale', function (this: FastifyReply): boolean {
    const req = this.request;
    // cacheTicket is set only for requests that may share cached pages (anonymous GET and HEAD).
    if (req.cacheTicket === null || req.cacheKey === null) return false;
    const page = cache.stale(req.cacheKey);
    if (!page) return false;
    this.hijack();
    answerStale(page, req.raw, this.raw);
    return true;
  });

  // One set of compressed copies for both paths that answer hits.
  const representations = new Representations(hitHeaders, opts.baseHeaders);
  const answer = hitWriter(representations, opts.onHit);
  // A stale copy says so, and nothing in front may keep it (it is served only while rendering fails).
  const answerStale = hitWriter(representations, opts.onHit, {
    'x-cache': 'STALE',
    'cache-control': 'no-store',
    'surrogate-key': undefined,
  });
  // Hits that reach Fastify (in-process requests such as inject(); the server's own listener
  // answers the rest first) are written the same way, by the same function.
  app.addHook('onRequest', async (req, reply) => {
    if (!shareable(req)) return;
    const key = cacheKeyOf(req.url);
    if (key === null) return;
    const page = cache.get(key);
    if (page) {
      reply.hijack();
      answer(page, req.raw, reply.raw);
      return;
    }
    req.cacheKey = key;
    req.cacheTicket = cache.ticket();
  });

  app.addHook('onSend', storeOnSend(cache, representations));

  // The fast path, for the server's request listener: hits answered from Node's request event
  // before Fastify routes, parses or runs hooks (a map lookup and a write). Misses go on to
  // Fastify, whose hooks (onRequest above, storeOnSend) render, store and answer with the same headers.
  return (req, res) => {
    if (!req.url || !shareable(req)) return false;
    const key = cacheKeyOf(req.url);
    const page = key === null ? undefined : cache.get(key);
    if (!page) return false;
    answer(page, req, res);
    return true;
  };
}

/**
 * The onSend hook that stores misses: a page the cache may share is kept and answered as later
 * hits will be (same headers, encoding and ETag); any other cacheable page is marked private.
 */
function storeOnSend(cache: PageCache, representations: Representations) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (!reply.surrogateKeys) return payload;
    // Listings and pages the cache may share carry their keys for an HTTP cache in front too.
    if (req.cacheTicket === null || req.cacheKey === null) {
      reply.header('cache-control', 'private, no-store');
      return payload;
    }
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const body = Buffer.from(payload);
    const stored = cache.set(
      req.cacheKey,
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
  };
}

/** Writes a cache hit: counted, in the encoding the client takes, 304 when its copy is current. */
function hitWriter(
  representations: Representations,
  onHit?: (page: CachedPage, req: IncomingMessage) => void,
  /** Headers replaced (undefined: removed) in this writer's answers; built per answer, so rare ones only. */
  override?: Record<string, string | undefined>,
): (page: CachedPage, req: IncomingMessage, res: ServerResponse) => void {
  const headers = (h: OutgoingHttpHeaders): OutgoingHttpHeaders => {
    if (!override) return h;
    const out: OutgoingHttpHeaders = { ...h };
    for (const [k, v] of Object.entries(override)) {
      if (v === undefined) delete out[k];
      else out[k] = v;
    }
    return out;
  };
  return (page, req, res) => {
    onHit?.(page, req);
    const r = representations.of(page, pickEncoding(req.headers['accept-encoding']));
    if (req.headers['if-none-match'] === r.etag) {
      res.writeHead(304, headers(r.notModified));
      res.end();
      return;
    }
    res.writeHead(page.status, headers(r.ok));
    res.end(req.method === 'HEAD' ? undefined : r.body);
  };
}

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { accountRoutes } from './accounts/accounts.routes.tsx';
import { AccountService } from './accounts/accounts.service.ts';
import { registerAuth } from './accounts/auth.ts';
import { apiRoutes } from './api/api.routes.tsx';
import { ApiRegistry } from './api/openapi.ts';
import { archiveRoutes } from './archive/archive.routes.tsx';
import { articleRoutes } from './articles/articles.routes.tsx';
import { ArticleService } from './articles/articles.service.ts';
import { AuditLog } from './audit/audit.service.ts';
import { authorRoutes } from './authors/authors.routes.tsx';
import { registerPageCache } from './cache/http-cache.ts';
import { wireInvalidation } from './cache/invalidation.ts';
import { PageCache } from './cache/page-cache.ts';
import { VarnishPurger } from './cache/varnish.ts';
import { connectRedis, RedisTransport } from './cluster/redis-transport.ts';
import type { Config } from './core/config.ts';
import { databaseErrorToAppError } from './core/db/availability.ts';
import type { DatabaseHandle } from './core/db/database.ts';
import { AppError, DatabaseUnavailableError, ValidationError } from './core/errors.ts';
import { EventBus } from './core/events.ts';
import { feedRoutes } from './feeds/feeds.routes.ts';
import { sitemapRoutes } from './feeds/sitemaps.routes.ts';
import { homeRoutes } from './home/home.routes.tsx';
import { assetRoutes, assets } from './http/assets.ts';
import { clientAddressOf, trustFunction } from './http/client-address.ts';
import type { AppContext } from './http/context.ts';
import { sendPage } from './http/html.ts';
import { metricsRoutes } from './http/metrics.ts';
import { LiveHub } from './live/live.hub.ts';
import { liveRoutes } from './live/live.routes.ts';
import { mediaRoutes } from './media/media.routes.tsx';
import { MAX_UPLOAD_BYTES, MediaService } from './media/media.service.ts';
import { curationRoutes } from './newsroom/curation.routes.tsx';
import { newsroomRoutes } from './newsroom/newsroom.routes.tsx';
import { suggestRoutes } from './newsroom/suggest.routes.ts';
import { RelatedService } from './related/related.service.ts';
import { siteContext } from './render/context.ts';
import { NoticePage } from './render/notice.page.tsx';
import { SEARCH_QUEUE_LIMIT } from './search/search.limits.ts';
import { searchRoutes } from './search/search.routes.tsx';
import { SearchService } from './search/search.service.ts';
import { sectionRoutes } from './sections/sections.routes.tsx';
import { SectionTree } from './sections/sections.service.ts';
import { submissionRoutes } from './submissions/submissions.routes.tsx';
import { tagRoutes } from './tags/tags.routes.tsx';
import { viewRoutes } from './views/views.routes.ts';
import { ViewCounter } from './views/views.service.ts';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
};

const ERROR_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Log in required',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'Changed by someone else',
  415: 'Unsupported file',
  410: 'Article withdrawn',
  413: 'Too large',
  422: 'Please check the form',
  429: 'Too many attempts',
  503: 'Very busy',
};

/** API clients and scripts (fetch with Accept: application/json) get errors as JSON. */
function wantsJson(req: FastifyRequest): boolean {
  if (req.url.startsWith('/api/')) return true;
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export interface BuildOptions {
  config: Config;
  database: DatabaseHandle;
  logger?: boolean;
}

export async function buildApp(opts: BuildOptions): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const { config, database } = opts;
  // Set once the page cache exists: cache hits are answered before Fastify sees the request.
  let fastPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const trust = trustFunction(config.trustProxy);
  const clientAddress = clientAddressOf(trust);
  const app = Fastify({
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        if (fastPath?.(req, res)) return;
        handler(req, res);
      }),
    logger:
      opts.logger === false
        ? false
        : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: 1024 * 1024,
    // Off unless configured: otherwise any client could pick its own address (rate limits, the
    // audit log, live-stream limits all key on it).
    trustProxy: trust,
    // Live-update streams never go idle: on shutdown every connection is closed, not waited for.
    forceCloseConnections: true,
    // Per-request log lines only when debugging: at news-site traffic they cost more than they tell.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });

  const sections = new SectionTree(database.db);
  await sections.reload();
  const events = new EventBus((err, event) => app.log.error({ err, event }, 'event listener failed'));
  const audit = new AuditLog(database.db);
  // Reader searches run off the event loop (SQLite: worker threads), bounded in time and number.
  const search = new SearchService(database.db, Date.now, {
    limits: {
      concurrency: config.searchWorkers,
      timeoutMs: config.searchTimeoutMs,
      queueLimit: SEARCH_QUEUE_LIMIT,
    },
  });
  app.addHook('onClose', () => search.close());
  const related = new RelatedService();
  const articles = new ArticleService({
    db: database.db,
    sections,
    events,
    audit,
    indexers: [search, related],
  });
  const accounts = new AccountService(database.db, audit);
  const views = new ViewCounter(database.db, {
    flushMs: config.viewFlushSeconds * 1000,
    mode: config.viewCounting,
    onError: (message, err) => app.log.warn({ err }, message),
  });
  views.start();
  // The last counts are written when the server closes.
  app.addHook('onClose', () => views.stop());
  // A renamed or merged tag changes the text indexed for every article carrying it.
  events.on('tags.changed', ({ tagIds }) => search.syncTagged(tagIds));
  events.on('tags.merged', ({ sourceId, targetId }) => related.tagMerged(database.db, sourceId, targetId));
  // Sections edited on another node: this node's tree follows (the editing node reloaded already).
  events.on('sections.changed', (_e, meta) => (meta.remote ? sections.reload() : undefined), {
    everyNode: true,
  });
  events.onResync(() => sections.reload());
  const pageCache = new PageCache(config.pageCacheMb * 1024 * 1024);
  const ctx: AppContext = {
    config,
    db: database.db,
    dialect: database.dialect,
    sections,
    articles,
    accounts,
    audit,
    events,
    views,
    pageCache,
    site: () => siteContext(config, sections.topLevel(), { css: assets.css.path, live: assets.live.path }),
    listingOptions: () => ({ site: ctx.site(), pathOf: (id) => sections.path(id) }),
  };

  await app.register(cookie);
  // Forms: 256 KB is plenty for an article body; larger posts get a clear 413.
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  // Uploads: one file, a few short fields; everything is buffered within these limits.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
  });
  // Several nodes share their rate limits (login attempts, beacons) through Redis; one node counts
  // in memory. A Redis outage lets requests through rather than failing them (logins also lock an
  // account after repeated failures, in the database).
  const limitsRedis = config.redisUrl ? await connectRedis(config.redisUrl, 'rate limits') : undefined;
  // quit() refuses while Redis is away (no offline queue): then just drop the connection.
  if (limitsRedis)
    app.addHook('onClose', () =>
      limitsRedis.quit().then(
        () => undefined,
        () => limitsRedis.disconnect(),
      ),
    );
  await app.register(rateLimit, {
    global: false,
    // A client that hung up before its body arrived has no address left to read.
    keyGenerator: (req) => req.ip ?? 'unknown',
    ...(limitsRedis
      ? { redis: limitsRedis, nameSpace: `${config.redisPrefix}:rate:`, skipOnError: true }
      : {}),
  });
  if (config.shedLoadAfterMs > 0) {
    // When the event loop lags this far behind, new requests are answered 503 with Retry-After at
    // once (cheaply, before routing) instead of waiting in a queue that only grows.
    await app.register(underPressure, {
      maxEventLoopDelay: config.shedLoadAfterMs,
      // under-pressure reads an interval with no delay sample as an infinite delay. A busy loop
      // (ticks of 100-300 ms under 50 uncached requests at once) left such intervals at a 200 ms
      // interval and shed most requests at a tenth of the limit. An interval as long as the
      // limit only goes without a sample when one tick took about that long.
      sampleInterval: Math.max(100, config.shedLoadAfterMs),
      retryAfter: 5,
      message: 'The site is very busy. Please try again in a few seconds.',
    });
  }
  // Public pages for anonymous readers are served from memory until a publish changes them; hits
  // are answered before Fastify routes the request (the fast path in the server's listener).
  fastPath = registerPageCache(app, pageCache, {
    baseHeaders: SECURITY_HEADERS,
    onHit: (page, req) => {
      if (page.articleId !== undefined && req.method === 'GET')
        views.count(page.articleId, req.headers, clientAddress(req));
    },
  });
  wireInvalidation(events, pageCache, sections, { everyNode: true });
  if (config.varnishUrls.length) {
    wireInvalidation(events, new VarnishPurger(config.varnishUrls, app.log), sections, { everyNode: false });
  }
  registerAuth(app, accounts);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    // Time spent in the app, for operators and benchmarks (visible in browser dev tools).
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    return payload;
  });

  app.setErrorHandler((thrown, req, reply) => {
    // The client hung up (say mid-body): its "connection reset" is not the database's, and nobody
    // is left to answer. Without this, any client could make the node look unready.
    if (req.raw.destroyed || req.raw.socket?.destroyed) {
      req.log.debug({ err: thrown }, 'client went away');
      return reply.code(400).send();
    }
    // Database errors that are no bug: an outage (503, logged once by database.availability) or a
    // value the database refused (400, 409).
    const err = databaseErrorToAppError(thrown) ?? thrown;
    if (err instanceof DatabaseUnavailableError) {
      database.availability.failed(err);
      // stale-if-error: the cached copy of this page, even expired, rather than an error.
      if (reply.sendStale()) return;
      reply.header('retry-after', String(err.retryAfterSeconds));
    } else if (err !== thrown) {
      const { code, message } = thrown as { code?: unknown; message?: unknown };
      req.log.info({ code, detail: message }, 'database refused a value');
    }
    const e = err as Error & { statusCode?: number; validation?: unknown };
    let status = 500;
    let message = 'Something went wrong on our side. Please try again in a moment.';
    if (err instanceof AppError) {
      status = err.status;
      message = err.message;
    } else if (e.statusCode === 503) {
      // Load shedding: said plainly, Retry-After already set, and not logged per request.
      status = 503;
      message = 'The site is very busy. Please try again in a few seconds.';
    } else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      message = status === 413 ? 'The request is too large.' : 'The request could not be understood.';
    }
    if (status >= 500 && status !== 503) req.log.error({ err }, 'request failed');
    if (wantsJson(req)) {
      return reply.code(status).send({
        error: {
          code: err instanceof AppError ? err.code : `http_${status}`,
          message,
          ...(err instanceof ValidationError ? { fields: err.fields } : {}),
        },
      });
    }
    const title =
      err instanceof DatabaseUnavailableError
        ? 'Temporarily unavailable'
        : (ERROR_TITLES[status] ?? (status >= 500 ? 'Server error' : 'Bad request'));
    return sendPage(
      reply,
      <NoticePage site={ctx.site()} title={title}>
        <p>{message}</p>
        <p>
          Go to the <a href="/">front page</a> or browse the <a href="/archive">archive</a>.
        </p>
      </NoticePage>,
      status,
    );
  });

  app.setNotFoundHandler((req, reply) => {
    if (wantsJson(req)) return reply.code(404).send({ error: { code: 'not_found', message: 'Not found' } });
    return sendPage(
      reply,
      <NoticePage site={ctx.site()} title="Page not found">
        <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          Go to the <a href="/">front page</a> or browse the <a href="/archive">archive</a>.
        </p>
      </NoticePage>,
      404,
    );
  });

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

  assetRoutes(app);
  homeRoutes(app, ctx);
  articleRoutes(app, ctx);
  sectionRoutes(app, ctx);
  tagRoutes(app, ctx);
  authorRoutes(app, ctx);
  archiveRoutes(app, ctx);
  searchRoutes(app, ctx, search);
  viewRoutes(app, ctx);
  feedRoutes(app, ctx);
  sitemapRoutes(app, ctx);
  const live = new LiveHub();
  liveRoutes(app, ctx, live);
  await metricsRoutes(app, ctx, live);
  submissionRoutes(app, ctx);
  accountRoutes(app, ctx);
  newsroomRoutes(app, ctx);
  curationRoutes(app, ctx);
  suggestRoutes(app, ctx);
  const api = new ApiRegistry(app);
  mediaRoutes(
    app,
    ctx,
    new MediaService(database.db, path.join(config.dataDir, 'media'), audit, Date.now, events),
    api,
  );
  apiRoutes(app, ctx, api);

  // Several nodes: events go through Redis, started once every listener above is registered.
  if (config.redisUrl) {
    const transport = new RedisTransport(config.redisUrl, `${config.redisPrefix}:events`, app.log);
    await events.useTransport(transport);
    app.addHook('onClose', () => transport.close());
  }

  return { app, ctx };
}

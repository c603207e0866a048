import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { accountRoutes } from './accounts/accounts.routes.tsx';
import { carriesIdentity, registerAuth } from './accounts/auth.ts';
import { apiRoutes } from './api/api.routes.tsx';
import { ApiRegistry } from './api/openapi.ts';
import { archiveRoutes } from './archive/archive.routes.tsx';
import { articleRoutes } from './articles/articles.routes.tsx';
import { auditRoutes } from './audit/audit.routes.tsx';
import { authorAdminRoutes } from './authors/authors.admin.routes.tsx';
import { authorRoutes } from './authors/authors.routes.tsx';
import { registerPageCache } from './cache/http-cache.ts';
import { VarnishPurger } from './cache/varnish.ts';
import { connectRedis, RedisTransport } from './cluster/redis-transport.ts';
import { compose } from './composition.ts';
import type { AppContext } from './context.ts';
import type { Config } from './core/config.ts';
import type { DatabaseHandle } from './core/db/database.ts';
import { feedRoutes } from './feeds/feeds.routes.ts';
import { sitemapRoutes } from './feeds/sitemaps.routes.ts';
import { homeCurationRoutes } from './home/curation.routes.tsx';
import { homeRoutes } from './home/home.routes.tsx';
import { assetRoutes } from './http/assets.ts';
import { clientAddressOf, trustFunction } from './http/client-address.ts';
import { registerErrorPages } from './http/error-pages.tsx';
import { healthRoutes } from './http/health.ts';
import { metricsRoutes } from './http/metrics.ts';
import { liveRoutes } from './live/live.routes.ts';
import { mediaApi } from './media/media.api.ts';
import { mediaFileRoutes } from './media/media.files.routes.ts';
import { mediaLibraryRoutes } from './media/media.library.routes.tsx';
import { MAX_UPLOAD_BYTES } from './media/media.service.ts';
import { articleListRoutes } from './newsroom/article-list.routes.tsx';
import { deliberateRoutes } from './newsroom/deliberate.routes.tsx';
import { newsroomErrorPage } from './newsroom/error.page.tsx';
import { newsroomRoutes } from './newsroom/newsroom.routes.tsx';
import { previewRoutes } from './newsroom/preview.routes.tsx';
import { suggestRoutes } from './newsroom/suggest.routes.ts';
import { wireReactions } from './reactions.ts';
import { searchRoutes } from './search/search.routes.tsx';
import type { SearchService } from './search/search.service.ts';
import { sectionAdminRoutes } from './sections/sections.admin.routes.tsx';
import { sectionRoutes } from './sections/sections.routes.tsx';
import { submissionRoutes } from './submissions/submissions.routes.tsx';
import { tagAdminRoutes } from './tags/tags.admin.routes.tsx';
import { tagRoutes } from './tags/tags.routes.tsx';
import { viewRoutes } from './views/views.routes.ts';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
};

export interface BuildOptions {
  config: Config;
  database: DatabaseHandle;
  logger?: boolean;
}

/** The Fastify instance: limits, logging, proxies; `fastPath` answers cache hits before routing. */
function newFastify(
  config: Config,
  trust: ReturnType<typeof trustFunction>,
  fastPath: (req: IncomingMessage, res: ServerResponse) => boolean,
  logger: boolean | undefined,
): FastifyInstance {
  return Fastify({
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        if (fastPath(req, res)) return;
        handler(req, res);
      }),
    logger:
      logger === false
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
}

export async function buildApp(opts: BuildOptions): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const { config, database } = opts;
  // Set once the page cache exists: cache hits are answered before Fastify sees the request.
  let fastPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const trust = trustFunction(config.trustProxy);
  const clientAddress = clientAddressOf(trust);
  const app = newFastify(config, trust, (req, res) => fastPath?.(req, res) ?? false, opts.logger);

  const { ctx, search, related, live, liveFeed, close } = await compose(config, database, app.log);
  app.addHook('onClose', close);
  const { sections, events, accounts, views, pageCache } = ctx;

  await registerPlugins(app, config);
  // Public pages for anonymous readers are served from memory until a publish changes them; hits
  // are answered before Fastify routes the request (the fast path in the server's listener).
  fastPath = registerPageCache(app, pageCache, {
    isPrivate: carriesIdentity,
    baseHeaders: SECURITY_HEADERS,
    onHit: (page, req) => {
      if (page.articleId !== undefined && req.method === 'GET')
        views.count(page.articleId, req.headers, clientAddress(req));
    },
  });
  registerAuth(app, accounts);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    // Time spent in the app, for operators and benchmarks (visible in browser dev tools).
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    return payload;
  });

  registerErrorPages(app, { database, site: ctx.site, pageFor: newsroomErrorPage(ctx.site) });

  healthRoutes(app, database);

  publicRoutes(app, ctx, search);
  liveRoutes(app, { hub: live, feed: liveFeed });
  const metrics = await metricsRoutes(app, { token: config.metricsToken, pageCache, live });
  wireReactions({
    events,
    db: database.db,
    sections,
    search,
    related,
    pageCache,
    httpCaches: config.varnishUrls.length ? [new VarnishPurger(config.varnishUrls, app.log)] : [],
    live: { hub: live, feed: liveFeed },
    metrics,
    vocabularies: [ctx.tagSuggestions],
  });
  newsroomAndApiRoutes(app, ctx);

  // Several nodes: events go through Redis, started once every listener above is registered.
  if (config.redisUrl) {
    const transport = new RedisTransport(config.redisUrl, `${config.redisPrefix}:events`, app.log);
    await events.useTransport(transport);
    app.addHook('onClose', () => transport.close());
  }

  return { app, ctx };
}

/** Cookies, body parsers with their limits, rate limits (shared over Redis) and load shedding. */
async function registerPlugins(app: FastifyInstance, config: Config): Promise<void> {
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
}

/** The reading site. */
function publicRoutes(app: FastifyInstance, ctx: AppContext, search: SearchService): void {
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
}

/** Reader submissions, the newsroom's screens and the admin API. */
function newsroomAndApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  submissionRoutes(app, ctx);
  accountRoutes(app, { accounts: ctx.accounts, authors: ctx.authorAdmin, audit: ctx.audit, site: ctx.site });
  auditRoutes(app, { audit: ctx.audit, site: ctx.site });
  newsroomRoutes(app, ctx);
  articleListRoutes(app, ctx);
  deliberateRoutes(app, ctx);
  previewRoutes(app, ctx);
  homeCurationRoutes(app, ctx);
  sectionAdminRoutes(app, ctx);
  tagAdminRoutes(app, ctx);
  authorAdminRoutes(app, ctx);
  suggestRoutes(app, ctx);
  const api = new ApiRegistry(app);
  mediaFileRoutes(app, ctx);
  mediaLibraryRoutes(app, ctx);
  mediaApi(api, ctx);
  apiRoutes(app, ctx, api);
}

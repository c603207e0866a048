import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Configuration comes from the environment and is checked once, at boot. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATELINE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'REDIS_PREFIX takes letters, digits, dot, dash and underscore')
    .default('dateline'),
  SMTP_URL: z.string().optional(),
  SITE_URL: z.url().optional(),
  SITE_NAME: z.string().min(1).max(100).default('Dateline'),
  SITE_TIMEZONE: z
    .string()
    .default('Europe/Sofia')
    .refine(isValidTimeZone, 'SITE_TIMEZONE must be an IANA time zone such as Europe/Sofia'),
  NEWSROOM_EMAIL: z
    .string()
    .regex(/^[^\s@<>"]+@[^\s@<>"]+$/, 'NEWSROOM_EMAIL must be an email address')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VIEW_FLUSH_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  VIEW_COUNTING: z.enum(['on', 'off', 'beacon']).optional(),
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(16_384).default(64),
  VARNISH_URL: z
    .string()
    .max(2000)
    .refine(
      (v) => v.split(',').every((u) => /^https?:\/\/[^\s,]+$/.test(u.trim())),
      'VARNISH_URL takes one or more http:// URLs separated by commas',
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  METRICS_TOKEN: z
    .string()
    .min(16, 'METRICS_TOKEN must be at least 16 characters')
    .max(200)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SHED_LOAD_AFTER_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SEARCH_WORKERS: z.coerce.number().int().min(1).max(16).optional(),
  SEARCH_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(2000),
  TRUST_PROXY: z
    .string()
    .max(2000)
    .optional()
    .transform((v, ctx) => {
      const parsed = parseTrustProxy(v);
      if (parsed === null) {
        ctx.addIssue({
          code: 'custom',
          message:
            'TRUST_PROXY takes "off", a hop count (1-10), or proxy addresses and CIDR ranges separated by commas',
        });
        return z.NEVER;
      }
      return parsed;
    }),
});

/**
 * Which proxies may tell us the client's address (X-Forwarded-For): none by default, a number of
 * hops, or the proxies' own addresses. Trusting every sender would let any client choose its
 * address, and with it its rate limits and what the audit log records. Null when malformed.
 */
export function parseTrustProxy(raw: string | undefined): false | number | string[] | null {
  const v = raw?.trim() ?? '';
  if (v === '' || v === 'off' || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 10 ? n : null;
  }
  const list = v.split(',').map((x) => x.trim());
  const ok = list.every((entry) => {
    const [addr, bits, ...rest] = entry.split('/');
    const family = addr ? isIP(addr) : 0;
    if (!family || rest.length) return false;
    if (bits === undefined) return true;
    const n = /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
    return n >= 0 && n <= (family === 4 ? 32 : 128);
  });
  return ok && list.length > 0 ? list : null;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** With it set, nodes share domain events (purges, live updates) over Redis. */
  redisUrl: string | undefined;
  /** Namespace of this site's channels and keys in Redis (several sites can share one server). */
  redisPrefix: string;
  smtpUrl: string | undefined;
  siteUrl: string;
  siteName: string;
  /** Where readers send articles and tips until the submission form exists. */
  newsroomEmail: string;
  timeZone: string;
  logLevel: string;
  /** Article views are counted in memory and written this often; a crash loses at most this much. */
  viewFlushSeconds: number;
  /**
   * How article views are counted: `on` when Dateline serves the page (cache hits included),
   * `beacon` from a request the page's script sends (needed when Varnish or a CDN answers instead),
   * `off` not at all. Defaults to `beacon` when VARNISH_URL is set, else `on`.
   */
  viewCounting: 'on' | 'off' | 'beacon';
  /** Memory for rendered public pages; 0 turns the page cache off. */
  pageCacheMb: number;
  /** Bearer token that opens /metrics (Prometheus); without it /metrics does not exist. */
  metricsToken: string | undefined;
  /** HTTP caches in front (Varnish) purged by surrogate key on every change. */
  varnishUrls: string[];
  /** Event-loop delay beyond which requests get 503 + Retry-After instead of queueing; 0 = never. */
  shedLoadAfterMs: number;
  /** Reader searches run at once: worker threads on SQLite, connections on PostgreSQL. */
  searchWorkers: number;
  /** One search's time bound; a search past it is stopped and answered 503. */
  searchTimeoutMs: number;
  /** Proxies whose X-Forwarded-For is believed: false (none), a hop count, or their addresses. */
  trustProxy: false | number | string[];
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATELINE_DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    redisUrl: e.REDIS_URL || undefined,
    redisPrefix: e.REDIS_PREFIX,
    smtpUrl: e.SMTP_URL || undefined,
    siteUrl: (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    siteName: e.SITE_NAME,
    newsroomEmail: e.NEWSROOM_EMAIL ?? `newsroom@${new URL(e.SITE_URL ?? 'http://localhost').hostname}`,
    timeZone: e.SITE_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    viewFlushSeconds: e.VIEW_FLUSH_SECONDS,
    viewCounting: e.VIEW_COUNTING ?? (e.VARNISH_URL ? 'beacon' : 'on'),
    pageCacheMb: e.PAGE_CACHE_MB,
    shedLoadAfterMs: e.SHED_LOAD_AFTER_MS,
    // One search thread on a small machine leaves a core to serve pages; two where there are more.
    searchWorkers: e.SEARCH_WORKERS ?? (availableParallelism() <= 2 ? 1 : 2),
    searchTimeoutMs: e.SEARCH_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY ?? false,
    metricsToken: e.METRICS_TOKEN,
    varnishUrls: e.VARNISH_URL ? e.VARNISH_URL.split(',').map((u) => u.trim().replace(/\/+$/, '')) : [],
  };
}

/** A URL safe to print: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}

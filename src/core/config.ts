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
  REDIS_URL: z.string().optional(),
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
  VIEW_COUNTING: z.enum(['on', 'off']).default('on'),
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(16_384).default(64),
  SHED_LOAD_AFTER_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  siteUrl: string;
  siteName: string;
  /** Where readers send articles and tips until the submission form exists. */
  newsroomEmail: string;
  timeZone: string;
  logLevel: string;
  /** Article views are counted in memory and written this often; a crash loses at most this much. */
  viewFlushSeconds: number;
  viewCounting: boolean;
  /** Memory for rendered public pages; 0 turns the page cache off. */
  pageCacheMb: number;
  /** Event-loop delay beyond which requests get 503 + Retry-After instead of queueing; 0 = never. */
  shedLoadAfterMs: number;
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
    smtpUrl: e.SMTP_URL || undefined,
    siteUrl: (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    siteName: e.SITE_NAME,
    newsroomEmail: e.NEWSROOM_EMAIL ?? `newsroom@${new URL(e.SITE_URL ?? 'http://localhost').hostname}`,
    timeZone: e.SITE_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    viewFlushSeconds: e.VIEW_FLUSH_SECONDS,
    viewCounting: e.VIEW_COUNTING === 'on',
    pageCacheMb: e.PAGE_CACHE_MB,
    shedLoadAfterMs: e.SHED_LOAD_AFTER_MS,
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

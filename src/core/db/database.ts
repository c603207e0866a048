import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { packagePath } from '../paths.ts';
import { DatabaseAvailability } from './availability.ts';
import { migrations } from './migrations/index.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;
const SAFETY_CHECKPOINT_PAGES = 65_536;
export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  dialect: Dialect;
  /** Where the data lives, for messages (never includes a password). */
  describe: string;
  /** Whether the database is reachable as last seen; told of errors, it logs outages once. */
  availability: DatabaseAvailability;
  close(): Promise<void>;
}

// pg is loaded only when PostgreSQL is configured (it costs an embedded install's start ~100 ms).
const require = createRequire(import.meta.url);
let pgModule: typeof import('pg') | undefined;
function loadPg(): typeof import('pg') {
  if (!pgModule) {
    pgModule = require('pg') as typeof import('pg');
    // PostgreSQL returns bigint (our epoch-millisecond times) and count(*) as strings by default;
    // every value we store fits in a double exactly.
    pgModule.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  }
  return pgModule;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** SQLite file name inside dataDir. */
  fileName?: string;
  /** Called with each query's SQL and duration (profiling, slow-query logs). */
  onQuery?: (sql: string, ms: number) => void;
  /**
   * SQLite only: checkpoint the WAL from a worker thread instead of inside whichever commit
   * crosses the threshold (a checkpoint with its fsync can take hundreds of milliseconds on a
   * large database). The server turns this on; short-lived commands and tests do not need it.
   */
  backgroundCheckpoint?: boolean;
}

/**
 * Connecting to an unreachable server fails after this long instead of holding the request (and a
 * pool slot) until the operating system gives up, minutes later.
 */
const PG_CONNECT_TIMEOUT_MS = 2500;

function logOption(opts: OpenOptions) {
  const on = opts.onQuery;
  if (!on) return {};
  return {
    log: (e: LogEvent) => {
      if (e.level === 'query') on(e.query.sql, e.queryDurationMillis);
    },
  };
}

export function openDatabase(opts: OpenOptions): DatabaseHandle {
  if (opts.databaseUrl) {
    const pg = loadPg();
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
      // Dead peers (a server gone without closing the socket) are found by TCP keepalive.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // Shown in pg_stat_activity; a URL's own application_name takes precedence.
      application_name: 'dateline',
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...logOption(opts) });
    const availability = new DatabaseAvailability(() => sql`select 1`.execute(db));
    // A connection the server drops (restart, failover, pg_terminate_backend) emits 'error': on the
    // pool while idle, on the client while a query holds it. Unhandled, either kills the process.
    // The pool discards the broken client and the next query opens a new connection.
    pool.on('error', (err) => availability.failed(err));
    pool.on('connect', (client) => client.on('error', (err) => availability.failed(err)));
    const u = new URL(opts.databaseUrl);
    return {
      db,
      dialect: 'postgres',
      describe: `postgresql://${u.host}${u.pathname}`,
      availability,
      close: async () => {
        availability.close();
        await db.destroy();
      },
    };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = path.join(opts.dataDir, opts.fileName ?? 'dateline.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 256 MB of pages at most, filled only as pages are read. A publish touches index pages all over
  // article_features; with 64 MB they were read back from disk, and publish p99 was 42 ms in
  // process at 100k articles (5.5 ms with this). Peak RSS in the benchmark stayed at 199 MB.
  sqlite.pragma('cache_size = -262144');
  let worker: Worker | undefined;
  if (opts.backgroundCheckpoint) {
    // The worker checkpoints every second; the connection's own automatic checkpoint stays as a
    // safety net (at ~256 MB of log) should the worker ever fall behind.
    sqlite.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_PAGES}`);
    worker = new Worker(packagePath('src/core/db/checkpoint-worker.mjs'), {
      workerData: { file, intervalMs: 1000 },
    });
    worker.unref();
  }
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    ...logOption(opts),
  });
  const availability = new DatabaseAvailability(() => sql`select 1`.execute(db));
  return {
    db,
    dialect: 'sqlite',
    describe: file,
    availability,
    close: async () => {
      availability.close();
      if (worker) {
        worker.postMessage('stop');
        await new Promise((r) => worker?.once('exit', r));
      }
      await db.destroy();
    },
  };
}

export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // PostgreSQL: Kysely looks for its migration tables in every schema unless told which; a
    // database with several schemas (tests run one per file at once) made it skip creating its
    // lock table in this one and fail ("relation kysely_migration_lock does not exist").
    ...(await currentSchema(db).then((s) => (s ? { migrationTableSchema: s } : {}))),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** PostgreSQL's current schema (the first of search_path); undefined on SQLite, which has none. */
async function currentSchema(db: Database): Promise<string | undefined> {
  try {
    const { rows } = await sql<{ s: string | null }>`select current_schema() as s`.execute(db);
    return rows[0]?.s ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Kysely prepares a new better-sqlite3 statement for every query, which costs as much as running
 * it. Queries repeat (same SQL, new parameters), so prepared statements are kept by SQL text, up to
 * a bound. better-sqlite3 is synchronous, so a statement is never used by two queries at once.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

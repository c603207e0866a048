import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { packagePath } from '../paths.ts';
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
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...logOption(opts) });
    const u = new URL(opts.databaseUrl);
    return {
      db,
      dialect: 'postgres',
      describe: `postgresql://${u.host}${u.pathname}`,
      close: () => db.destroy(),
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
  return {
    db,
    dialect: 'sqlite',
    describe: file,
    close: async () => {
      if (worker) {
        worker.postMessage('stop');
        await new Promise((r) => worker?.once('exit', r));
      }
      await db.destroy();
    },
  };
}

export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
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

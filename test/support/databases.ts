import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  type DatabaseHandle,
  type Dialect,
  migrateToLatest,
  openDatabase,
} from '../../src/core/db/database.ts';

/**
 * Storage and page tests run on every dialect in this list: SQLite files and a real PostgreSQL.
 * With DATABASE_URL set (CI's second pass) only PostgreSQL runs, against that server. Each test
 * file works in a schema of its own, dropped at the end.
 */
export const PG_BASE_URL =
  process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export function testDialects(): Dialect[] {
  if (process.env.DATELINE_TEST_DIALECTS) return process.env.DATELINE_TEST_DIALECTS.split(',') as Dialect[];
  return process.env.DATABASE_URL ? ['postgres'] : ['sqlite', 'postgres'];
}

export interface TestDatabase extends DatabaseHandle {
  dispose(): Promise<void>;
  /** A second connection to the same data, as another node of the site would have. */
  reopen(): DatabaseHandle;
  /**
   * PostgreSQL: the application_name of this database's connections in pg_stat_activity, unique to
   * the test file, so a test can find (and terminate) its own connections among everyone's.
   */
  applicationName?: string;
}

/**
 * A fresh schema per test file in the shared database: CREATE SCHEMA is quick and safe to run
 * from parallel test processes (concurrent CREATE DATABASE can fail on template1). The URL sets
 * search_path, so every unqualified table lands in the schema.
 */
async function createPgSchema(): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_BASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${PG_BASE_URL.replace(/:[^:@/]*@/, ':***@')} (${(err as Error).message}). ` +
        'These tests need it: start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`.',
    );
  }
  const name = `dateline_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.query(`create schema ${name}`);
  await admin.end();
  const u = new URL(PG_BASE_URL);
  u.searchParams.set('options', `-c search_path=${name}`);
  u.searchParams.set('application_name', `dateline ${name}`);
  return u.toString();
}

async function dropPgSchema(url: string): Promise<void> {
  const name = /search_path=(\w+)/.exec(new URL(url).searchParams.get('options') ?? '')?.[1];
  if (!name) return;
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  await admin.query(`drop schema if exists ${name} cascade`);
  await admin.end();
}

/** A fresh, migrated database of the given dialect: a temp SQLite file or a new PostgreSQL database. */
export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'postgres') {
    const url = await createPgSchema();
    const h = openDatabase({ databaseUrl: url, dataDir: os.tmpdir() });
    await migrateToLatest(h.db);
    return {
      ...h,
      applicationName: new URL(url).searchParams.get('application_name') ?? undefined,
      dispose: async () => {
        await h.close();
        await dropPgSchema(url);
      },
      reopen: () => openDatabase({ databaseUrl: url, dataDir: os.tmpdir() }),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-test-'));
  const h = openDatabase({ dataDir: dir });
  await migrateToLatest(h.db);
  return {
    ...h,
    dispose: async () => {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    reopen: () => openDatabase({ dataDir: dir }),
  };
}

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.ts';
import type { TestDatabase } from './databases.ts';

const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL server of the test's own, in a temp directory on a port of its own, so a test can
 * stop and restart it (the shared server on 5432 serves everyone's tests and must stay up).
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user.
 */
export interface PgServer {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres, trust authentication. */
  url: string;
  /** Stops the server: 'immediate' drops every connection as a crash would, 'fast' as a shutdown. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its directory. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export async function startPgServer(): Promise<PgServer> {
  const initdb = path.join(PG_BIN, 'initdb');
  if (!fs.existsSync(initdb)) {
    throw new Error(
      `Cannot start a PostgreSQL server for this test: ${initdb} does not exist. ` +
        "Install Debian's postgresql package (or set PG_BIN to the folder holding initdb and pg_ctl).",
    );
  }
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  if (asRoot) fs.chownSync(dir, ...postgresIds());
  const as = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args);
  const port = await freePort();
  const pgCtl = path.join(PG_BIN, 'pg_ctl');
  // Only the temp directory's socket and loopback TCP; no fsync (the data is thrown away).
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const fail = (what: string, err: unknown): never => {
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
    throw new Error(
      `Cannot ${what} the test's PostgreSQL server in ${dir} (port ${port}): ${(err as Error).message}\n${tail}`,
    );
  };
  try {
    await as(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-N', '-E', 'UTF8', '--locale=C.UTF-8']);
  } catch (err) {
    fail('initialise', err);
  }
  let running = false;
  const server: PgServer = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => {
      try {
        await as(pgCtl, ['-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '30', 'start']);
        running = true;
      } catch (err) {
        fail('start', err);
      }
    },
    stop: async (mode = 'immediate') => {
      try {
        await as(pgCtl, ['-D', data, '-m', mode, '-w', 'stop']);
        running = false;
      } catch (err) {
        fail('stop', err);
      }
    },
    destroy: async () => {
      if (running) await server.stop('immediate').catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

function postgresIds(): [number, number] {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) {
    throw new Error(
      'Cannot start a PostgreSQL server for this test as root: there is no `postgres` user (install postgresql).',
    );
  }
  return [Number(uid), Number(gid)];
}

/** A migrated Dateline database on the test's own server, for startTestApp({ database }). */
export async function databaseOn(server: PgServer): Promise<TestDatabase> {
  const open = () => openDatabase({ databaseUrl: server.url, dataDir: os.tmpdir() });
  const h = open();
  await migrateToLatest(h.db);
  return { ...h, dispose: () => h.close(), reopen: open };
}

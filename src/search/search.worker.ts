// A search worker thread (started by search.pool.ts): runs the whole read path of reader searches
// (candidates, summaries, snippets) on its own read-only SQLite connection, so the FTS queries
// never hold the server's event loop. WAL lets it read while the main connection writes.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { DB } from '../core/db/schema.ts';
import { sqliteEngine } from './engine-sqlite.ts';
import { readSearch, type SearchJob, type SearchPage } from './search.read.ts';

export type WorkerRequest = { id: number; job: SearchJob };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; page: SearchPage }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('search.worker.ts runs as a worker thread');
const { file } = workerData as { file: string };
const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
// A reader waits for nothing in WAL mode, except briefly while the log is reset.
sqlite.pragma('busy_timeout = 1000');
// Filled only as pages are read: the index and the articles a search touches stay warm.
sqlite.pragma('cache_size = -65536');
const db: Database = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });

port.on('message', async ({ id, job }: WorkerRequest) => {
  try {
    const page = await readSearch(db, sqliteEngine, job);
    port.postMessage({ type: 'done', id, page } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({
      type: 'failed',
      id,
      message: String((err as Error)?.message ?? err),
    } satisfies WorkerReply);
  }
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);

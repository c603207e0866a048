// Runs in a worker thread with its own SQLite connection: copies the write-ahead log into the
// database file (and fsyncs it) off the main thread, so no request pays for a checkpoint.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
let stopped = false;

function checkpoint() {
  if (stopped) return;
  try {
    // PASSIVE never blocks the writer or readers; it copies what it can.
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort?.postMessage({ type: 'checkpoint', log: r.log, done: r.checkpointed });
  } catch (err) {
    parentPort?.postMessage({ type: 'error', message: String(err?.message ?? err) });
  }
}

const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort?.on('message', (m) => {
  if (m === 'stop') {
    stopped = true;
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});

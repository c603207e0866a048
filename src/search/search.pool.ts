import { Worker } from 'node:worker_threads';
import { type SearchLimits, SearchQueue, type SearchReader, SearchTimeoutError } from './search.limits.ts';
import type { SearchJob, SearchPage } from './search.read.ts';
import type { WorkerReply, WorkerRequest } from './search.worker.ts';

/**
 * Where the worker's code is. From the sources this module sits beside search.worker.ts, which is
 * started through a small loader (worker threads do not inherit tsx); in the bundle this code is
 * inside dist/dateline.mjs and scripts/build.mjs writes the worker beside it as search-worker.mjs.
 */
function workerStart(): { script: URL; entry?: string } {
  if (import.meta.url.endsWith('.ts')) {
    return {
      script: new URL('./worker-from-source.mjs', import.meta.url),
      entry: new URL('./search.worker.ts', import.meta.url).href,
    };
  }
  return { script: new URL('./search-worker.mjs', import.meta.url) };
}

interface Running {
  resolve(page: SearchPage): void;
  reject(err: Error): void;
}

/** One worker thread and the search it is running, if any. */
class SearchThread {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  alive = true;
  private running: { id: number; task: Running } | undefined;

  constructor(file: string) {
    const { script, entry } = workerStart();
    this.worker = new Worker(script, { workerData: { file, entry } });
    // Idle threads must not keep a process (a CLI command, a test) from exiting.
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (m: WorkerReply) => {
        if (m.type === 'ready') return resolve();
        const task = this.running?.id === m.id ? this.running.task : undefined;
        this.running = undefined;
        if (m.type === 'done') task?.resolve(m.page);
        else task?.reject(new Error(`search failed: ${m.message}`));
      });
      const dead = (err: Error) => {
        this.alive = false;
        reject(err);
        this.running?.task.reject(err);
        this.running = undefined;
      };
      this.worker.on('error', dead);
      this.worker.on('exit', (code) => dead(new Error(`search worker stopped (exit code ${code})`)));
    });
    // Rejections are delivered to whoever waits for readiness; none may go unhandled meanwhile.
    this.ready.catch(() => {});
  }

  run(id: number, job: SearchJob, task: Running): void {
    this.running = { id, task };
    this.worker.ref();
    this.worker.postMessage({ id, job } satisfies WorkerRequest);
  }

  settle(): void {
    this.running = undefined;
    if (this.alive) this.worker.unref();
  }
}

/**
 * A few worker threads, each with its own read-only connection to the SQLite file, that run
 * reader searches; the main thread only sends the job and receives the page. Searches beyond the
 * threads wait in a bounded queue (SearchBusyError past it); a search past its time bound is
 * answered SearchTimeoutError and its thread is terminated and replaced.
 *
 * better-sqlite3 cannot interrupt a statement, so a terminated thread stops only when its current
 * statement returns. At most `concurrency` such threads may be winding down at once; beyond that a
 * slot is reopened only when one has exited, so slow queries cannot pile up threads using the CPU.
 */
export class SqliteSearchPool implements SearchReader {
  private readonly queue: SearchQueue;
  private readonly idle: SearchThread[] = [];
  private readonly threads = new Set<SearchThread>();
  private stopping = 0;
  private nextId = 1;
  private closed = false;
  private file: Promise<string> | undefined;

  /**
   * `findFile` names the SQLite file the threads open (asked once); `limits` is read at every
   * search, so a change (a test shortening the time bound) applies to the next one.
   */
  constructor(
    private readonly findFile: () => Promise<string>,
    private readonly limits: SearchLimits,
  ) {
    this.queue = new SearchQueue(limits);
  }

  /** Threads started and not yet exited (busy, idle or winding down after a timeout). */
  get threadCount(): number {
    return this.threads.size;
  }

  async read(job: SearchJob): Promise<SearchPage> {
    if (this.closed) throw new Error('the search pool is closed');
    const release = await this.queue.acquire();
    let thread: SearchThread | undefined;
    try {
      if (this.closed) throw new Error('the search pool is closed');
      thread = this.idle.pop();
      // A thread that died while idle (it should not, but a crash is possible) is left behind.
      while (thread && !thread.alive) {
        this.threads.delete(thread);
        thread = this.idle.pop();
      }
      thread ??= await this.start();
      await thread.ready;
    } catch (err) {
      if (thread) this.threads.delete(thread);
      release();
      throw err;
    }
    const t = thread;
    return new Promise<SearchPage>((resolve, reject) => {
      const timer = setTimeout(() => {
        t.settle();
        reject(new SearchTimeoutError());
        this.stop(t, release);
      }, this.limits.timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        t.settle();
        if (t.alive && !this.closed) this.idle.push(t);
        else this.threads.delete(t);
        release();
      };
      t.run(this.nextId++, job, {
        resolve: (page) => {
          finish();
          resolve(page);
        },
        reject: (err) => {
          finish();
          reject(err);
        },
      });
    });
  }

  /** Terminates a thread that ran too long; its slot reopens now, or once it exits if too many are stopping. */
  private stop(thread: SearchThread, release: () => void): void {
    thread.alive = false;
    this.stopping++;
    const waitForExit = this.stopping > this.limits.concurrency;
    void thread.worker.terminate().finally(() => {
      this.stopping--;
      this.threads.delete(thread);
      if (waitForExit) release();
    });
    if (!waitForExit) release();
  }

  private async start(): Promise<SearchThread> {
    this.file ??= this.findFile().catch((err) => {
      this.file = undefined;
      throw err;
    });
    const file = await this.file;
    if (this.closed) throw new Error('the search pool is closed');
    const thread = new SearchThread(file);
    this.threads.add(thread);
    return thread;
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.threads];
    this.idle.length = 0;
    this.threads.clear();
    await Promise.all(all.map((t) => t.worker.terminate()));
  }
}

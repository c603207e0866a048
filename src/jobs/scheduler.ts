import { randomUUID } from 'node:crypto';
import type { Database } from '../core/db/database.ts';
import { acquireLease, releaseLease } from './leases.repository.ts';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs jobs on a timer. Each run first takes the job's lease in the database, so with several nodes
 * each job runs on one of them at a time; state lives in the database, so a restart loses nothing.
 */
export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<string>();
  private names: string[] = [];
  readonly holder = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: Database,
    private readonly onError: (job: string, err: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(jobs: Job[]): void {
    for (const job of jobs) {
      this.names.push(job.name);
      const tick = () => void this.runOnce(job);
      this.timers.push(setInterval(tick, job.everyMs).unref());
      setImmediate(tick);
    }
  }

  async runOnce(job: Job): Promise<boolean> {
    if (this.running.has(job.name)) return false;
    this.running.add(job.name);
    try {
      const now = this.now();
      // The lease outlives the interval a little, so a slow run is not taken over mid-way.
      if (!(await acquireLease(this.db, job.name, this.holder, now, now + job.everyMs * 3))) return false;
      await job.run();
      return true;
    } catch (err) {
      this.onError(job.name, err);
      return false;
    } finally {
      this.running.delete(job.name);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const name of this.names) await releaseLease(this.db, name, this.holder).catch(() => {});
  }
}

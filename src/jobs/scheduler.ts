import { randomUUID } from 'node:crypto';
import { unavailableReason } from '../core/db/availability.ts';
import type { Database } from '../core/db/database.ts';
import { acquireLease, releaseLease } from './leases.repository.ts';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  /**
   * How long a run's lease lasts (default three intervals). After a crash, the job waits for the
   * dead node's lease to lapse, so a job with a deadline keeps this short.
   */
  leaseMs?: number;
}

export interface PauseLog {
  /** The database became unavailable: jobs pause (said once per outage, not per run). */
  paused(reason: string): void;
  /** A run worked again after a pause. */
  resumed(pausedForMs: number): void;
}

/** Longest wait between tries while the database is unavailable. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Runs jobs on a timer. Each run first takes the job's lease in the database, so with several nodes
 * each job runs on one of them at a time; state lives in the database, so a restart loses nothing.
 */
export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<string>();
  private names: string[] = [];
  readonly holder = `${process.pid}-${randomUUID().slice(0, 8)}`;
  /** Set while the database is unavailable: no job runs before `until`. */
  private pause: { since: number; until: number; backoffMs: number } | undefined;

  /**
   * @param onError a job failed (a bug or bad data: logged as an error)
   * @param pauseLog told when the database goes away and comes back; without it, the first
   *   failure of an outage goes to onError
   */
  constructor(
    private readonly db: Database,
    private readonly onError: (job: string, err: unknown) => void,
    private readonly now: () => number = Date.now,
    private readonly pauseLog?: PauseLog,
  ) {}

  /** Whether jobs are paused because the database was unavailable at their last try. */
  get paused(): boolean {
    return this.pause !== undefined;
  }

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
    // While the database is away, ticks are skipped until the back-off has passed.
    // (A tick a little early, as timers are, counts as on time.)
    if (this.pause && this.now() < this.pause.until - job.everyMs / 10) return false;
    this.running.add(job.name);
    try {
      const now = this.now();
      // The lease outlives the interval a little, so a slow run is not taken over mid-way.
      const leased = await acquireLease(
        this.db,
        job.name,
        this.holder,
        now,
        now + (job.leaseMs ?? job.everyMs * 3),
      );
      this.databaseWorked();
      if (!leased) return false;
      await job.run();
      return true;
    } catch (err) {
      const reason = unavailableReason(err);
      if (reason) this.databaseFailed(job, reason, err);
      else this.onError(job.name, err);
      return false;
    } finally {
      this.running.delete(job.name);
    }
  }

  private databaseFailed(job: Job, reason: string, err: unknown): void {
    const now = this.now();
    if (this.pause) {
      // Still away: wait twice as long before the next try, up to a bound.
      this.pause.backoffMs = Math.min(this.pause.backoffMs * 2, Math.max(MAX_BACKOFF_MS, job.everyMs));
      this.pause.until = now + this.pause.backoffMs;
      return;
    }
    this.pause = { since: now, until: now + job.everyMs, backoffMs: job.everyMs };
    if (this.pauseLog) this.pauseLog.paused(reason);
    else this.onError(job.name, err);
  }

  private databaseWorked(): void {
    if (!this.pause) return;
    const since = this.pause.since;
    this.pause = undefined;
    this.pauseLog?.resumed(this.now() - since);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const name of this.names) await releaseLease(this.db, name, this.holder).catch(() => {});
  }
}

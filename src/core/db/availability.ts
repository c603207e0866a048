import { AppError, BadRequestError, ConflictError, DatabaseUnavailableError } from '../errors.ts';

/**
 * Errors that mean "the database cannot be reached right now", not "this query is wrong": the
 * request is answered 503 and retried later, and the outage is logged once instead of per request.
 * Each entry is a short reason for /readyz and the log, free of hosts and credentials.
 */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
  EAI_AGAIN: 'host name lookup failed',
  ENOTFOUND: 'host name not found',
};

/** PostgreSQL SQLSTATEs (class 08 and 53 are matched by prefix below). */
const PG_STATES: Record<string, string> = {
  '57P01': 'server terminated the connection (admin_shutdown)',
  '57P02': 'server terminated the connection (crash_shutdown)',
  '57P03': 'server not accepting connections (starting up or shutting down)',
  '57P05': 'server terminated the connection (idle session timeout)',
  '53300': 'server has too many connections',
};

/** node-postgres reports lost connections and timeouts with messages only. */
const PG_MESSAGES: [RegExp, string][] = [
  [/^Connection terminated due to connection timeout/, 'connection timed out'],
  [/^Connection terminated/, 'connection lost'],
  [/^timeout exceeded when trying to connect/, 'timed out waiting for a connection'],
  [/not queryable$/, 'connection lost'],
];

/** SQLite result codes (better-sqlite3 puts the extended code, e.g. SQLITE_IOERR_WRITE, on `code`). */
const SQLITE_CODES: [string, string][] = [
  ['SQLITE_BUSY', 'database is locked by another writer'],
  ['SQLITE_LOCKED', 'database is locked'],
  ['SQLITE_IOERR', 'disk I/O error'],
  ['SQLITE_CANTOPEN', 'cannot open the database file'],
  ['SQLITE_FULL', 'disk full'],
];

type Coded = { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };

/** Why the database is unavailable, when `err` (or an error it wraps) says so; else undefined. */
export function unavailableReason(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  if (err instanceof DatabaseUnavailableError) return err.reason;
  const e = err as Coded;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code) {
    const known = NETWORK_CODES[code] ?? PG_STATES[code];
    if (known) return known;
    if (/^08[0-9A-Z]{3}$/.test(code)) return `connection exception (${code})`;
    if (/^53[0-9A-Z]{3}$/.test(code)) return `server out of resources (${code})`;
    // A unix socket that is gone (the server is down).
    if (code === 'ENOENT' && /\bconnect\b/.test(String(e.message))) return 'server socket not found';
    const sqlite = SQLITE_CODES.find(([prefix]) => code.startsWith(prefix));
    if (sqlite) return sqlite[1];
  }
  if (typeof e.message === 'string') {
    const m = PG_MESSAGES.find(([re]) => re.test(e.message as string));
    if (m) return m[1];
  }
  // Connecting to a name with several addresses fails with all of their errors.
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const r = unavailableReason(inner, depth + 1);
      if (r) return r;
    }
  }
  return unavailableReason(e.cause, depth + 1);
}

/**
 * The AppError a database error stands for, or undefined for one that is a bug (answered 500 and
 * logged). Values the database refuses (out of range, malformed) come from a request that slipped
 * past validation: 400, not 500. Uniqueness and reference violations are a race with another
 * writer: 409.
 */
export function databaseErrorToAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const reason = unavailableReason(err);
  if (reason) return new DatabaseUnavailableError(reason, { cause: err });
  const code = typeof (err as Coded | null)?.code === 'string' ? ((err as Coded).code as string) : '';
  if (code === '22003' || code === 'SQLITE_RANGE' || code === 'SQLITE_TOOBIG') {
    return new BadRequestError('A number or value in the request is out of range.');
  }
  if (/^22[0-9A-Z]{3}$/.test(code) || code === 'SQLITE_MISMATCH' || code === '23502' || code === '23514') {
    return new BadRequestError('A value in the request is not valid.');
  }
  if (
    code === '23505' ||
    code === '23503' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  ) {
    return new ConflictError(
      'This conflicts with a change made at the same time. Please reload and try again.',
    );
  }
  if (code === 'SQLITE_CONSTRAINT_NOTNULL' || code === 'SQLITE_CONSTRAINT_CHECK') {
    return new BadRequestError('A value in the request is not valid.');
  }
  return undefined;
}

export type AvailabilityChange =
  | { available: false; reason: string }
  | { available: true; downForMs: number; reason: string };

/**
 * Whether the database is reachable, as last seen. failed() is told of every database error; the
 * first one that means an outage turns the state to unavailable (one notice), and from then on a
 * probe query runs every second until one succeeds (one notice again). Requests do not wait for
 * the state: each still tries the database, so service resumes with the first query that works.
 */
export class DatabaseAvailability {
  private down: { since: number; reason: string } | undefined;
  private listeners: ((change: AvailabilityChange) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly probeEveryMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get available(): boolean {
    return this.down === undefined;
  }

  /** Why the database is unavailable (undefined while it is available). */
  get reason(): string | undefined {
    return this.down?.reason;
  }

  onChange(listener: (change: AvailabilityChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Records a database error; returns the outage's reason when it is one, else undefined. */
  failed(err: unknown): string | undefined {
    const reason = unavailableReason(err);
    if (!reason || this.closed) return reason;
    if (!this.down) {
      this.down = { since: this.now(), reason };
      this.emit({ available: false, reason });
      this.scheduleProbe();
    }
    return reason;
  }

  /** Records a query that worked (a probe, /readyz): ends an outage. */
  succeeded(): void {
    if (!this.down) return;
    const { since, reason } = this.down;
    this.down = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.emit({ available: true, downForMs: this.now() - since, reason });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scheduleProbe(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(async () => {
      try {
        await this.probe();
        this.timer = undefined;
        this.succeeded();
      } catch {
        this.timer = undefined;
        // Still down (whatever the probe's error): keep the first reason, keep probing.
        if (this.down) this.scheduleProbe();
      }
    }, this.probeEveryMs);
    // Probing never keeps the process alive on its own.
    this.timer.unref();
  }

  private emit(change: AvailabilityChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A listener's failure must not stop the others or the probe.
      }
    }
  }
}

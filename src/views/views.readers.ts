import crypto from 'node:crypto';

/** A reader's repeat views of an article within this window are counted once. */
export const VIEW_WINDOW_MS = 30 * 60_000;
const WINDOW_S = VIEW_WINDOW_MS / 1000;
const SALT_EVERY_MS = 24 * 3_600_000;

const newSalt = () => crypto.randomBytes(16).toString('base64');

/**
 * Which readers were counted for which article in the last 30 minutes, without keeping who they
 * are: a reader is a hash of address and user agent with a random salt that exists only in memory
 * and is replaced daily; once the old salt is gone no entry can be tied to an address again.
 * Entries are in the order they were counted, so expired ones leave from the front and, when the
 * set is full, the oldest are dropped (that reader may be counted again, never the reverse).
 * Each node keeps its own set: a reader whose requests reach two nodes is counted once per node in
 * the window, which is acceptable and needs nothing shared.
 */
export class RecentReaders {
  /** Hash of (salt, reader, article) → second it was counted, relative to `epoch`. */
  private readonly seen = new Map<string, number>();
  private readonly epoch: number;
  private salt = newSalt();
  private saltAt: number;
  /** The salt before the last change, kept for one window so the change does not count readers twice. */
  private previousSalt: string | undefined;
  private sweptAt = Number.NaN;

  constructor(
    private readonly max: number,
    now: number,
  ) {
    this.epoch = now;
    this.saltAt = now;
  }

  /** Records the view; true when this reader was not counted for this article in the window. */
  firstView(address: string, userAgent: string, articleId: number, now: number): boolean {
    if (now - this.saltAt >= SALT_EVERY_MS) {
      this.previousSalt = this.salt;
      this.salt = newSalt();
      this.saltAt = now;
    } else if (this.previousSalt && now - this.saltAt >= VIEW_WINDOW_MS) {
      this.previousSalt = undefined;
    }
    // Seconds fit a small integer, which a Map stores without a heap number per entry.
    const sec = Math.floor((now - this.epoch) / 1000);
    this.expire(sec);
    const key = this.key(this.salt, address, userAgent, articleId);
    if (this.isRecent(key, sec)) return false;
    if (this.previousSalt && this.isRecent(this.key(this.previousSalt, address, userAgent, articleId), sec)) {
      return false;
    }
    this.seen.delete(key);
    if (this.seen.size >= this.max) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(key, sec);
    return true;
  }

  private key(salt: string, address: string, userAgent: string, articleId: number): string {
    // 72 bits: collisions (two readers taken for one) are negligible at this set's size.
    // createHash rather than crypto.hash: the latter needs Node 20.12, and we support every Node 20.
    return crypto
      .createHash('sha256')
      .update(`${salt}\n${address}\n${userAgent}\n${articleId}`)
      .digest('base64')
      .slice(0, 12);
  }

  private isRecent(key: string, sec: number): boolean {
    const at = this.seen.get(key);
    return at !== undefined && sec - at < WINDOW_S && sec >= at;
  }

  /** Drops expired entries from the front, at most once a second. */
  private expire(sec: number): void {
    if (sec === this.sweptAt) return;
    this.sweptAt = sec;
    for (const [key, at] of this.seen) {
      if (sec - at < WINDOW_S) break;
      this.seen.delete(key);
    }
  }
}

import type { Database } from '../core/db/database.ts';
import { isPublished } from './views.repository.ts';

/** Ids seen published are trusted this long without a query (a withdrawn article's open pages may beacon meanwhile). */
const PUBLISHED_TTL_MS = 5 * 60_000;

/**
 * Ids known to be published articles, remembered for a few minutes in a bounded set (oldest
 * dropped), so a beacon usually costs no query; an id not remembered costs one primary-key lookup.
 */
export class PublishedIds {
  /** Id → when it was last seen published. */
  private readonly seen = new Map<number, number>();

  constructor(
    private readonly db: Database,
    private readonly max: number,
  ) {}

  async has(id: number, now: number): Promise<boolean> {
    const seenAt = this.seen.get(id);
    if (seenAt !== undefined && now - seenAt >= 0 && now - seenAt < PUBLISHED_TTL_MS) return true;
    this.seen.delete(id);
    if (!(await isPublished(this.db, id))) return false;
    if (this.seen.size >= this.max) this.seen.delete(this.seen.keys().next().value as number);
    this.seen.set(id, now);
    return true;
  }
}

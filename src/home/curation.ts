import { findArticleById, listLatest } from '../articles/articles.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import { ValidationError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import type { ArticleSummary } from '../core/model.ts';
import { listPinned, pinnedIds, setPins } from './home.repository.ts';

export const MAX_PINS = 10;
/** Stories the curation screen offers to pin: the latest, or the best matches of a search. */
export const OFFERED = 30;

/**
 * Finds published stories by their words: the site's own search (search.service.ts), so an
 * editor finds a story as readers do, at any age and at the cost of any reader search.
 */
export interface StoryFinder {
  search(req: { q: string; limit?: number }): Promise<{ results: { article: ArticleSummary }[] }>;
}

export interface CurationBoard {
  /** Pinned stories, in their order on the home page. */
  pinned: ArticleSummary[];
  /** The latest published stories that are not pinned (when nothing is searched for). */
  recent: ArticleSummary[];
  /** The published stories matching the search, best first, not pinned (when searched for). */
  found?: ArticleSummary[] | undefined;
}

/** Editors pin and order the home page's top stories; the rest of the slots fall back to the latest. */
export class HomeCuration {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly finder: StoryFinder,
  ) {}

  current(): Promise<number[]> {
    return pinnedIds(this.db);
  }

  /**
   * The curation screen: the pins in order, then the stories to pin: the latest published ones,
   * or with `q` the published ones its words find, at any age (the search index holds only
   * published stories).
   */
  async board(q = ''): Promise<CurationBoard> {
    const pinned = await listPinned(this.db);
    const ids = new Set(pinned.map((p) => p.id));
    const notPinned = (list: ArticleSummary[]) => list.filter((a) => !ids.has(a.id)).slice(0, OFFERED);
    if (!q.trim()) return { pinned, recent: notPinned(await listLatest(this.db, OFFERED)) };
    // Enough to fill the list after the pinned ones are left out.
    const { results } = await this.finder.search({ q, limit: OFFERED + MAX_PINS });
    return { pinned, recent: [], found: notPinned(results.map((r) => r.article)) };
  }

  async pin(articleId: number, actorId: number): Promise<void> {
    const a = await findArticleById(this.db, articleId);
    if (a?.status !== 'published')
      throw new ValidationError('Only published articles can be pinned.', { article: 'Not published' });
    const ids = (await this.current()).filter((id) => id !== articleId);
    if (ids.length >= MAX_PINS) throw new ValidationError(`At most ${MAX_PINS} stories can be pinned.`);
    await this.save([articleId, ...ids], actorId);
  }

  async unpin(articleId: number, actorId: number): Promise<void> {
    await this.save(
      (await this.current()).filter((id) => id !== articleId),
      actorId,
    );
  }

  async move(articleId: number, delta: -1 | 1, actorId: number): Promise<void> {
    const ids = await this.current();
    const i = ids.indexOf(articleId);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    await this.save(ids, actorId);
  }

  private async save(ids: number[], actorId: number): Promise<void> {
    await this.db.transaction().execute((trx) => setPins(trx, ids));
    await this.audit.record({
      userId: actorId,
      action: 'home.curate',
      subject: 'home',
      details: { pins: ids },
    });
    await this.events.emit('home.curated', {});
  }
}

import { findLiveFields, listPublishedSince } from '../articles/articles.repository.ts';
import type { Database } from '../core/db/database.ts';
import type { EventBus } from '../core/events.ts';
import { articleUrl } from '../core/urls.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import type { LiveEvent, LiveHub } from './live.hub.ts';

type LiveFields = {
  id: number;
  slug: string;
  headline: string;
  place: string | null;
  section_id: number;
  breaking: number;
};

/**
 * Turns article changes into live events and finds what a returning reader missed. The routes
 * stream; this reads. Subscribed to the domain events in src/reactions.ts.
 */
export class LiveFeed {
  constructor(
    private readonly db: Database,
    private readonly sections: SectionTree,
    private readonly hub: LiveHub,
    private readonly events: EventBus,
  ) {}

  private toEvent(type: LiveEvent['type'], a: LiveFields): Omit<LiveEvent, 'id'> {
    return {
      type,
      article: {
        id: a.id,
        url: articleUrl(a),
        headline: a.headline,
        place: a.place,
        sections: this.sections.path(a.section_id).map((s) => s.slug),
        breaking: a.breaking === 1,
      },
    };
  }

  /**
   * What a reader who last saw `since` missed, up to `limit` (the newest, oldest first): from
   * memory when this process holds it (no await, so no event falls between the replay and the live
   * stream), else from the database, which has every publish.
   */
  missedSince(since: number, limit: number): LiveEvent[] | Promise<LiveEvent[]> {
    return (
      this.hub.since(since) ??
      listPublishedSince(this.db, since, limit).then((rows) =>
        rows.map((r) => ({ id: r.published_at, ...this.toEvent('publish', r) })),
      )
    );
  }

  /**
   * A change made on this node becomes a live event, stamped with its stream id here (after the
   * commit; page caches are purged by then), so every node sends the same ids.
   */
  async articleChanged(type: LiveEvent['type'], articleId: number): Promise<void> {
    const a = await findLiveFields(this.db, articleId);
    if (a) await this.events.emit('live.event', { ...this.toEvent(type, a), id: this.hub.nextId() });
  }
}

/**
 * Domain events. Publishing, updating and unpublishing raise them; caches, live updates, related
 * lists, webhooks and feeds listen. In one process the bus is in-memory; a Redis transport can fan
 * the same events out to every node later without changing publishers or listeners.
 */
/** What a change to a published article touches. */
export interface ArticleChange {
  id: number;
  sectionId: number;
  tagIds: number[];
  authorIds: number[];
  /** Other articles whose pages changed with it (older articles whose related lists took it). */
  pages: number[];
}

export interface DomainEvents {
  'article.published': ArticleChange & { firstTime: boolean };
  'article.updated': ArticleChange;
  'article.unpublished': ArticleChange;
  'article.scheduled': { id: number; at: number };
  /** Tags renamed, merged or deleted: every page listing them may change. */
  'tags.changed': { tagIds: number[] };
  /** One tag folded into another (after 'tags.changed' for both). */
  'tags.merged': { sourceId: number; targetId: number };
  'sections.changed': { sectionIds: number[] };
  'home.curated': Record<string, never>;
}

export type EventName = keyof DomainEvents;
type Listener<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export class EventBus {
  private listeners = new Map<EventName, Listener<EventName>[]>();
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly onError: (err: unknown, event: EventName) => void = () => {}) {}

  on<K extends EventName>(event: K, listener: Listener<K>): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as Listener<EventName>);
    this.listeners.set(event, list);
  }

  /** Listeners run after the caller's work is committed; one failing does not stop the others. */
  emit<K extends EventName>(event: K, payload: DomainEvents[K]): void {
    for (const l of this.listeners.get(event) ?? []) {
      const p = Promise.resolve()
        .then(() => l(payload))
        .catch((err) => this.onError(err, event))
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  /** Resolves when every listener started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}

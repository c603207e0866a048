/**
 * Domain events. Publishing, updating and unpublishing raise them; caches, live updates, related
 * lists, webhooks and feeds listen.
 *
 * A listener runs either where the event was raised (the default: work done once, such as writing
 * the search index or purging a shared HTTP cache) or on every node (`{ everyNode: true }`: state
 * each process keeps for itself, such as its page cache or its live-update streams). With a
 * transport attached (Redis, see src/cluster), events raised here are sent to the other nodes and
 * theirs are delivered here, to the every-node listeners only.
 */
import type { LiveEvent } from './live-event.ts';

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
  /**
   * Author profiles created or edited: their pages change; with `bylines`, so does every page
   * showing their name or a link to them (the name or the address changed).
   */
  'authors.changed': { authorIds: number[]; bylines: boolean };
  'home.curated': Record<string, never>;
  /** An image's alt text, caption or crop changed: the articles leading with it show it. */
  'media.changed': { mediaId: number; articleIds: number[] };
  /** A live update for readers' pages, stamped with its stream id where the change was made. */
  'live.event': LiveEvent;
}

export type EventName = keyof DomainEvents;

/** Every event name, for checking what arrives from other nodes. */
const EVENT_NAMES: Record<EventName, true> = {
  'article.published': true,
  'article.updated': true,
  'article.unpublished': true,
  'article.scheduled': true,
  'tags.changed': true,
  'tags.merged': true,
  'sections.changed': true,
  'authors.changed': true,
  'home.curated': true,
  'media.changed': true,
  'live.event': true,
};

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENT_NAMES, name);
}

export interface EventMeta {
  /** Raised on another node and received through the transport. */
  remote: boolean;
}

type Listener<K extends EventName> = (payload: DomainEvents[K], meta: EventMeta) => unknown;

interface Registration {
  listener: Listener<EventName>;
  everyNode: boolean;
}

/** Carries events between the nodes of one site. */
export interface EventTransport {
  /** Sends an event raised here to the other nodes; resolves once they have applied it. */
  send(event: EventName, payload: unknown): Promise<void>;
  /**
   * Starts delivering the other nodes' events. `resync` is called when events may have been missed
   * (the connection dropped and came back): every node-local cache must then start afresh.
   */
  start(deliver: (event: EventName, payload: unknown) => Promise<void>, resync: () => void): Promise<void>;
  close(): Promise<void>;
}

export class EventBus {
  private listeners = new Map<EventName, Registration[]>();
  private resyncListeners: (() => unknown)[] = [];
  private pending = new Set<Promise<unknown>>();
  private transport: EventTransport | undefined;

  constructor(private readonly onError: (err: unknown, event: EventName | 'transport') => void = () => {}) {}

  on<K extends EventName>(event: K, listener: Listener<K>, opts: { everyNode?: boolean } = {}): void {
    const list = this.listeners.get(event) ?? [];
    list.push({ listener: listener as Listener<EventName>, everyNode: opts.everyNode === true });
    this.listeners.set(event, list);
  }

  /** Called when events from other nodes may have been missed: drop whatever they would have changed. */
  onResync(listener: () => unknown): void {
    this.resyncListeners.push(listener);
  }

  /**
   * Runs this node's listeners and sends the event to the other nodes. Call it after the caller's
   * work is committed. The promise resolves when every listener has finished (one failing does not
   * stop the others, and it never rejects), so a request can answer only once caches are purged.
   */
  emit<K extends EventName>(event: K, payload: DomainEvents[K]): Promise<void> {
    const runs = this.run(event, payload, false);
    if (this.transport) runs.push(this.track(() => this.transport!.send(event, payload), 'transport'));
    return Promise.all(runs).then(() => undefined);
  }

  /** An event from another node: only the every-node listeners run. */
  deliver(event: EventName, payload: unknown): Promise<void> {
    return Promise.all(this.run(event, payload as DomainEvents[EventName], true)).then(() => undefined);
  }

  /** Starts exchanging events with the other nodes (after every listener is registered). */
  async useTransport(transport: EventTransport): Promise<void> {
    await transport.start(
      (event, payload) => this.deliver(event, payload),
      () => {
        for (const l of this.resyncListeners) void this.track(() => l(), 'transport');
      },
    );
    this.transport = transport;
  }

  /** Resolves when every listener started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private run(event: EventName, payload: DomainEvents[EventName], remote: boolean): Promise<void>[] {
    const meta: EventMeta = { remote };
    return (this.listeners.get(event) ?? [])
      .filter((r) => !remote || r.everyNode)
      .map((r) => this.track(() => r.listener(payload, meta), event));
  }

  private track(work: () => unknown, label: EventName | 'transport'): Promise<void> {
    const p: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (err) => this.onError(err, label),
      )
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
    return p;
  }
}

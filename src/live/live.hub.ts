import type { LiveEvent } from '../core/live-event.ts';

export type { LiveEvent };

export interface LiveClient {
  send(e: LiveEvent): void;
  close(): void;
}

/**
 * One stream's place under the limits, taken when the request arrives, before anything is awaited
 * (the replay query): a check then and a count after the await would let a burst of requests from
 * one address all through.
 */
export interface LiveSlot {
  /** Starts sending events to the client; false when the place was given back meanwhile. */
  attach(c: LiveClient): boolean;
  /** Gives the place back and stops sending; the later calls do nothing. */
  release(): void;
}

/**
 * Fans live events out to open streams, keeps the recent ones for clients that reconnect with
 * Last-Event-ID, and bounds how many streams there are per IP address and in total.
 */
export class LiveHub {
  /** Every place taken, by streams open and by streams still being set up. */
  private readonly slots = new Set<LiveSlot>();
  private readonly clients = new Set<LiveClient>();
  private readonly perIp = new Map<string, number>();
  private readonly recent: LiveEvent[] = [];
  private lastId = 0;

  constructor(
    readonly limits: { perIp: number; total: number; keep: number } = { perIp: 4, total: 2000, keep: 1000 },
  ) {}

  /** Streams open or being set up. */
  get open(): number {
    return this.slots.size;
  }

  /** Takes a place for a stream from `ip`, or says why there is none. */
  reserve(ip: string): LiveSlot | string {
    if (this.slots.size >= this.limits.total) return 'Too many live readers right now.';
    const n = this.perIp.get(ip) ?? 0;
    if (n >= this.limits.perIp) return 'Too many live streams from your address.';
    this.perIp.set(ip, n + 1);
    let held = true;
    let client: LiveClient | undefined;
    const slot: LiveSlot = {
      attach: (c) => {
        if (!held) return false;
        client = c;
        this.clients.add(c);
        return true;
      },
      release: () => {
        if (!held) return;
        held = false;
        this.slots.delete(slot);
        if (client) this.clients.delete(client);
        const left = (this.perIp.get(ip) ?? 1) - 1;
        if (left <= 0) this.perIp.delete(ip);
        else this.perIp.set(ip, left);
      },
    };
    this.slots.add(slot);
    return slot;
  }

  /** The id for a new event raised on this node: its time, after every id seen so far. */
  nextId(now = Date.now()): number {
    this.lastId = Math.max(now, this.lastId + 1);
    return this.lastId;
  }

  /**
   * Sends an event to the open streams and keeps it for replay. Events from other nodes can arrive
   * a little out of order; the replay list stays sorted by id.
   */
  accept(event: LiveEvent): void {
    this.lastId = Math.max(this.lastId, event.id);
    let at = this.recent.length;
    while (at > 0 && this.recent[at - 1]!.id > event.id) at--;
    this.recent.splice(at, 0, event);
    if (this.recent.length > this.limits.keep) this.recent.shift();
    for (const c of this.clients) c.send(event);
  }

  /** Stamps and sends an event raised here. */
  publish(e: Omit<LiveEvent, 'id'>, now = Date.now()): LiveEvent {
    const event: LiveEvent = { ...e, id: this.nextId(now) };
    this.accept(event);
    return event;
  }

  /**
   * Events after `lastId` that this process still holds, or null when it cannot tell (the id is
   * older than what is kept, or this process holds nothing yet, as after a restart): the caller
   * then replays from the database.
   */
  since(lastId: number): LiveEvent[] | null {
    const oldest = this.recent[0];
    // Nothing held (just started, or forgotten after a gap): only the database can tell.
    if (!oldest || lastId < oldest.id - 1) return null;
    if (lastId >= this.lastId) return [];
    return this.recent.filter((e) => e.id > lastId);
  }

  /**
   * Forgets the events held for replay (they may have a gap: events from other nodes were missed);
   * reconnecting readers are then replayed from the database.
   */
  forget(): void {
    this.recent.length = 0;
  }

  /** Ends every stream; streams still being set up find their place gone and do not start. */
  closeAll(): void {
    for (const c of [...this.clients]) c.close();
    for (const s of [...this.slots]) s.release();
  }
}

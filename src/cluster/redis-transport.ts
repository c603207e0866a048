import { randomUUID } from 'node:crypto';
import type { Redis as RedisClient } from 'ioredis';
import { redactUrl } from '../core/config.ts';
import { type EventName, type EventTransport, isEventName } from '../core/events.ts';

/** Messages are small (ids and keys); anything larger did not come from a Dateline node. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const CONNECT_TIMEOUT_MS = 5000;

interface Wire {
  /** The node that raised the event (a node ignores its own). */
  o: string;
  e: EventName;
  p: unknown;
}

/**
 * Domain events between the nodes of one site over Redis publish/subscribe: one channel per site,
 * two connections per node (a subscribed connection can do nothing else). Delivery is at most once;
 * when the subscription drops and comes back, the bus is told to resync, and each node empties its
 * page cache rather than risk a page that a missed purge should have removed.
 */
export class RedisTransport implements EventTransport {
  readonly nodeId = randomUUID();
  private pub: RedisClient | undefined;
  private sub: RedisClient | undefined;
  private closing = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly log: { warn(obj: object, msg: string): void } = { warn: () => {} },
  ) {}

  async start(deliver: (event: EventName, payload: unknown) => void, resync: () => void): Promise<void> {
    // Loaded on first use: a single-node site never pays for the client.
    const { Redis } = await import('ioredis');
    const options = {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      // A publish while Redis is away fails at once instead of holding the publishing request.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    };
    // Named, so an operator can tell the nodes apart in CLIENT LIST.
    const name = `${this.channel}:${this.nodeId.slice(0, 8)}`;
    this.pub = new Redis(this.url, { ...options, connectionName: `${name}:pub` });
    this.sub = new Redis(this.url, { ...options, connectionName: `${name}:sub`, enableOfflineQueue: true });
    for (const c of [this.pub, this.sub]) c.on('error', () => {});
    try {
      await Promise.all([this.pub.connect(), this.sub.connect()]);
      await this.sub.subscribe(this.channel);
    } catch (err) {
      await this.close();
      throw new Error(
        `Redis is not reachable at ${redactUrl(this.url)} (${(err as Error).message}). ` +
          'REDIS_URL is set, so this node would miss the other nodes’ purges; start Redis or unset REDIS_URL.',
      );
    }
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel || raw.length > MAX_MESSAGE_BYTES) return;
      let msg: Wire;
      try {
        msg = JSON.parse(raw) as Wire;
      } catch {
        return;
      }
      if (msg.o === this.nodeId || !isEventName(msg.e)) return;
      deliver(msg.e, msg.p);
    });
    let connected = true;
    this.sub.on('close', () => {
      if (connected && !this.closing)
        this.log.warn({ redis: redactUrl(this.url) }, 'event bus connection lost; reconnecting');
      connected = false;
    });
    // ioredis subscribes again by itself; what was published meanwhile is lost, so start afresh.
    this.sub.on('ready', () => {
      if (connected) return;
      connected = true;
      resync();
    });
  }

  async send(event: EventName, payload: unknown): Promise<void> {
    if (!this.pub) return;
    const wire: Wire = { o: this.nodeId, e: event, p: payload };
    await this.pub.publish(this.channel, JSON.stringify(wire));
  }

  async close(): Promise<void> {
    this.closing = true;
    const clients = [this.pub, this.sub].filter((c): c is RedisClient => c !== undefined);
    this.pub = this.sub = undefined;
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

import { randomUUID } from 'node:crypto';
import type { Redis as RedisClient } from 'ioredis';
import { redactUrl } from '../core/config.ts';
import { type EventName, type EventTransport, isEventName } from '../core/events.ts';

/** Messages are small (ids and keys); anything larger did not come from a Dateline node. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const CONNECT_TIMEOUT_MS = 5000;
/** How long a node waits for the others to confirm they have applied an event. */
export const ACK_TIMEOUT_MS = 250;

function unreachable(url: string, err: unknown): Error {
  return new Error(
    `Redis is not reachable at ${redactUrl(url)} (${(err as Error).message}). ` +
      'REDIS_URL is set, so this node would miss the other nodes’ purges; start Redis or unset REDIS_URL.',
  );
}

/**
 * A plain client for shared state (rate limits), connected before it is returned. Commands fail at
 * once while Redis is away, instead of waiting in a queue.
 */
export async function connectRedis(url: string, purpose: string): Promise<RedisClient> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectionName: `dateline:${purpose.replace(/\W+/g, '-')}`,
  });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw unreachable(url, err);
  }
  return client;
}

interface Wire {
  /** The node that raised the event (a node ignores its own). */
  o: string;
  /** The message id, which the other nodes acknowledge. */
  i: string;
  e: EventName;
  p: unknown;
}

interface Ack {
  i: string;
  o: string;
}

interface Waiting {
  /** Acknowledgements expected (known once PUBLISH answers with how many nodes received it). */
  need: number | undefined;
  got: number;
  done: () => void;
}

/**
 * Domain events between the nodes of one site over Redis publish/subscribe: one channel for events
 * and one for acknowledgements per site, two connections per node (a subscribed connection can do
 * nothing else).
 *
 * A node that raises an event waits (up to ACK_TIMEOUT_MS) until every node that received it has run
 * its listeners: PUBLISH says how many received it, and each answers on the acknowledgement
 * channel once its page cache is purged. So a publish is answered only when no node can still
 * serve the old page. A node that does not answer in time is named in a warning and the publish
 * goes on. Delivery is at most once; when a node's subscription drops and comes back, the bus is
 * told to resync, and the node empties its page cache rather than risk a page that a missed purge
 * should have removed.
 */
export class RedisTransport implements EventTransport {
  readonly nodeId = randomUUID();
  private pub: RedisClient | undefined;
  private sub: RedisClient | undefined;
  private closing = false;
  private seq = 0;
  private readonly waiting = new Map<string, Waiting>();
  private readonly ackChannel: string;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly log: { warn(obj: object, msg: string): void } = { warn: () => {} },
  ) {
    this.ackChannel = `${channel}:acks`;
  }

  async start(
    deliver: (event: EventName, payload: unknown) => Promise<void>,
    resync: () => void,
  ): Promise<void> {
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
      await this.sub.subscribe(this.channel, this.ackChannel);
    } catch (err) {
      await this.close();
      throw unreachable(this.url, err);
    }
    this.sub.on('message', (channel: string, raw: string) => {
      if (raw.length > MAX_MESSAGE_BYTES) return;
      if (channel === this.ackChannel) return this.acknowledged(raw);
      if (channel !== this.channel) return;
      let msg: Wire;
      try {
        msg = JSON.parse(raw) as Wire;
      } catch {
        return;
      }
      if (msg.o === this.nodeId || !isEventName(msg.e) || typeof msg.i !== 'string') return;
      void deliver(msg.e, msg.p).then(() => {
        const ack: Ack = { i: msg.i, o: this.nodeId };
        return this.pub?.publish(this.ackChannel, JSON.stringify(ack)).catch(() => {});
      });
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

  /** Sends the event and resolves once every other node that received it has applied it. */
  async send(event: EventName, payload: unknown): Promise<void> {
    if (!this.pub) return;
    const id = `${this.nodeId}:${++this.seq}`;
    const wire: Wire = { o: this.nodeId, i: id, e: event, p: payload };
    let timer: NodeJS.Timeout | undefined;
    let w: Waiting | undefined;
    const confirmed = new Promise<boolean>((resolve) => {
      w = { need: undefined, got: 0, done: () => resolve(true) };
      this.waiting.set(id, w);
      timer = setTimeout(() => resolve(false), ACK_TIMEOUT_MS);
    });
    try {
      // Every node's subscriber received it, this node's own included.
      const received = Number(await this.pub.publish(this.channel, JSON.stringify(wire)));
      w!.need = Math.max(0, received - 1);
      if (w!.got >= w!.need) w!.done();
      if (!(await confirmed)) {
        this.log.warn(
          { event, confirmed: w!.got, expected: w!.need, waitedMs: ACK_TIMEOUT_MS },
          'not every node confirmed an event in time',
        );
      }
    } finally {
      clearTimeout(timer);
      this.waiting.delete(id);
    }
  }

  private acknowledged(raw: string): void {
    let ack: Ack;
    try {
      ack = JSON.parse(raw) as Ack;
    } catch {
      return;
    }
    const w = typeof ack.i === 'string' ? this.waiting.get(ack.i) : undefined;
    if (!w) return;
    w.got++;
    if (w.need !== undefined && w.got >= w.need) w.done();
  }

  async close(): Promise<void> {
    this.closing = true;
    const clients = [this.pub, this.sub].filter((c): c is RedisClient => c !== undefined);
    this.pub = this.sub = undefined;
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

import type { FastifyInstance } from 'fastify';
import { parseLastEventId } from './last-event-id.ts';
import type { LiveFeed } from './live.feed.ts';
import type { LiveClient, LiveEvent, LiveHub } from './live.hub.ts';

const HEARTBEAT_MS = 20_000;
/** A stream is closed after this long; the browser reconnects with Last-Event-ID and misses nothing. */
const MAX_STREAM_MS = 30 * 60_000;
/** A reader this far behind (bytes not yet taken by the connection) is dropped as idle. */
const MAX_BUFFERED = 256 * 1024;
/** At most this many missed events are replayed (the newest); a reader who missed more is told to reload. */
const REPLAY_LIMIT = 100;
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};
/** Sent before a replay cut to the newest events: the page cannot list what it missed, a reload can. */
const RELOAD_FRAME = `event: reload\ndata: ${JSON.stringify({ replayed: REPLAY_LIMIT })}\n\n`;

function frame(e: LiveEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.article)}\n\n`;
}

/** `/live`: a Server-Sent Events stream of publish events for readers' pages. */
export function liveRoutes(app: FastifyInstance, deps: { hub: LiveHub; feed: LiveFeed }): void {
  const { hub, feed } = deps;
  // One more than the limit is read, to know when the replay is cut.
  const missedSince = (since: number) => feed.missedSince(since, REPLAY_LIMIT + 1);

  // Fastify's automatic HEAD would run the GET handler, which streams forever.
  app.head('/live', { config: { permission: 'public' } }, (_req, reply) =>
    reply.headers(STREAM_HEADERS).send(),
  );

  app.get('/live', { exposeHeadRoute: false, config: { permission: 'public' } }, async (req, reply) => {
    const slot = hub.reserve(req.ip);
    if (typeof slot === 'string') {
      return reply
        .code(429)
        .header('retry-after', '30')
        .send({ error: { code: 'too_many_streams', message: slot } });
    }
    // From here every way out gives the place back: the reader leaving (also while the replay is
    // read), a failed query, and the end of the stream.
    const res = reply.raw;
    let end = slot.release;
    res.once('close', () => end());
    const since = parseLastEventId(
      req.headers['last-event-id'] ?? (req.query as { since?: unknown } | undefined)?.since,
    );
    let missed: LiveEvent[] = [];
    if (since !== undefined) {
      try {
        const found = missedSince(since);
        missed = Array.isArray(found) ? found : await found;
      } catch (err) {
        slot.release();
        throw err;
      }
    }
    reply.hijack();
    if (res.destroyed) slot.release();

    let closed = false;
    const client: LiveClient = {
      send: (e: LiveEvent) => {
        if (res.writableLength > MAX_BUFFERED) return client.close();
        res.write(frame(e));
      },
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        slot.release();
        res.end();
      },
    };
    // Gone meanwhile: the reader left, or the server is shutting down.
    if (!slot.attach(client)) return void res.end();
    const heartbeat = setInterval(() => {
      if (res.writableLength > MAX_BUFFERED) return client.close();
      res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    const lifetime = setTimeout(() => client.close(), MAX_STREAM_MS);
    heartbeat.unref();
    lifetime.unref();
    end = client.close;
    res.writeHead(200, STREAM_HEADERS);
    res.write('retry: 3000\n\n');
    if (missed.length > REPLAY_LIMIT) res.write(RELOAD_FRAME);
    for (const e of missed.slice(-REPLAY_LIMIT)) res.write(frame(e));
  });

  app.addHook('onClose', async () => hub.closeAll());
}

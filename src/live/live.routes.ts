import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listPublishedSince } from '../articles/articles.repository.ts';
import type { AppContext } from '../http/context.ts';
import { articleUrl } from '../render/components.tsx';
import type { LiveEvent, LiveHub } from './live.hub.ts';

const HEARTBEAT_MS = 20_000;
/** A stream is closed after this long; the browser reconnects with Last-Event-ID and misses nothing. */
const MAX_STREAM_MS = 30 * 60_000;
/** A reader this far behind (bytes not yet taken by the connection) is dropped as idle. */
const MAX_BUFFERED = 256 * 1024;
const REPLAY_LIMIT = 100;

function lastEventId(req: FastifyRequest): number | undefined {
  const raw = req.headers['last-event-id'] ?? (req.query as Record<string, unknown> | undefined)?.since;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

function frame(e: LiveEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.article)}\n\n`;
}

/** `/live`: a Server-Sent Events stream of publish events for readers' pages. */
export function liveRoutes(app: FastifyInstance, ctx: AppContext, hub: LiveHub): void {
  const toEvent = (
    type: LiveEvent['type'],
    a: {
      id: number;
      slug: string;
      headline: string;
      place: string | null;
      section_id: number;
      breaking: number;
    },
  ) => ({
    type,
    article: {
      id: a.id,
      url: articleUrl(a),
      headline: a.headline,
      place: a.place,
      sections: ctx.sections.path(a.section_id).map((s) => s.slug),
      breaking: a.breaking === 1,
    },
  });

  app.get('/live', async (req, reply) => {
    const refusal = hub.refusal(req.ip);
    if (refusal) {
      return reply
        .code(429)
        .header('retry-after', '30')
        .send({ error: { code: 'too_many_streams', message: refusal } });
    }
    const since = lastEventId(req);
    // What the client missed: from memory when this process has it, else from the database.
    let missed: LiveEvent[] = [];
    if (since !== undefined) {
      const held = hub.since(since);
      if (held) missed = held;
      else {
        const rows = await listPublishedSince(ctx.db, since, REPLAY_LIMIT);
        missed = rows.map((r) => ({ id: r.published_at, ...toEvent('publish', r) }));
      }
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    for (const e of missed) res.write(frame(e));

    let closed = false;
    const client = {
      ip: req.ip,
      send: (e: LiveEvent) => {
        if (res.writableLength > MAX_BUFFERED) return client.close();
        res.write(frame(e));
      },
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        hub.remove(client);
        res.end();
      },
    };
    const heartbeat = setInterval(() => {
      if (res.writableLength > MAX_BUFFERED) return client.close();
      res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    const lifetime = setTimeout(() => client.close(), MAX_STREAM_MS);
    heartbeat.unref();
    lifetime.unref();
    hub.add(client);
    req.raw.on('close', () => client.close());
  });

  // Domain events become live events where the change was made (after the commit; page caches are
  // purged by then), stamped with their stream id there, so every node sends the same ids.
  const forward = (type: LiveEvent['type']) => async (e: { id: number }) => {
    const a = await ctx.db
      .selectFrom('articles')
      .select(['id', 'slug', 'headline', 'place', 'section_id', 'breaking'])
      .where('id', '=', e.id)
      .executeTakeFirst();
    if (a) await ctx.events.emit('live.event', { ...toEvent(type, a), id: hub.nextId() });
  };
  ctx.events.on('article.published', forward('publish'));
  ctx.events.on('article.updated', forward('update'));
  ctx.events.on('article.unpublished', forward('unpublish'));
  // Every node sends every live event to its own readers.
  ctx.events.on('live.event', (e) => hub.accept(e), { everyNode: true });
  // Events from other nodes may have been missed: replay from the database, which has them all.
  ctx.events.onResync(() => hub.forget());
  app.addHook('onClose', async () => hub.closeAll());
}

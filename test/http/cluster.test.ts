import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { systemActor } from '../../src/accounts/actor.ts';
import { buildApp } from '../../src/app.tsx';
import { listBySection } from '../../src/articles/articles.repository.ts';
import { ACK_TIMEOUT_MS } from '../../src/cluster/redis-transport.ts';
import { loadConfig } from '../../src/core/config.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { REDIS_TEST_URL, testRedis, uniquePrefix } from '../support/redis.ts';

const TEST_ACTOR = systemActor('test');

const READER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' };

/** Reads an SSE stream and collects the ids and headlines of its events. */
async function openStream(url: string) {
  const ctrl = new AbortController();
  const res = await fetch(url, { signal: ctrl.signal });
  const events: { id: string; headline: string }[] = [];
  void (async () => {
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += Buffer.from(chunk).toString();
        for (let cut = buf.indexOf('\n\n'); cut >= 0; cut = buf.indexOf('\n\n')) {
          const frame = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const id = /^id: (\d+)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (id && data) events.push({ id, headline: JSON.parse(data).headline });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, close: () => ctrl.abort() };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 3000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const dialect of testDialects()) {
  describe(`two nodes sharing events over Redis on ${dialect}`, () => {
    let redis: Redis;
    let a: TestApp;
    let b: TestApp;
    let prefix: string;
    before(async () => {
      redis = await testRedis();
      prefix = uniquePrefix();
      const env = { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix };
      a = await startTestApp(dialect, { env });
      // Node B: its own connection to the same database, its own page cache and live streams.
      const second = a.db.reopen();
      b = await startTestApp(dialect, {
        env,
        seed: false,
        database: { ...second, dispose: () => second.close(), reopen: a.db.reopen },
      });
      for (const n of [a, b]) await n.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await b?.close();
      await a?.close();
      redis?.disconnect();
    });
    const url = (n: TestApp, path: string) =>
      `http://127.0.0.1:${(n.app.server.address() as AddressInfo).port}${path}`;
    const get = (n: TestApp, path: string) => fetch(url(n, path), { headers: READER });
    const publish = (node: TestApp, headline: string, section = 'ukraine') =>
      node.ctx.articles.create(
        {
          headline,
          lede: 'A lede.',
          body: '<p>A body.</p>',
          section,
          tags: ['Ukraine'],
          authors: ['nadia-kostova'],
          status: 'published',
        },
        TEST_ACTOR,
      );

    it('a publish on one node purges the other node’s cached pages, and only those', async () => {
      const [sports] = await listBySection(
        b.db.db,
        { id: b.ctx.sections.bySlugOrUndefined('sports')!.id, isRoot: true },
        1,
      );
      const sportsUrl = `/articles/${sports!.id}/${sports!.slug}`;
      for (const path of ['/', '/sections/ukraine', sportsUrl]) {
        await (await get(b, path)).text();
        const again = await get(b, path);
        await again.text();
        assert.equal(again.headers.get('x-cache'), 'HIT', path);
      }
      await publish(a, 'Ceasefire talks resume in Geneva');
      // A answers only once B has confirmed the purge: no waiting here.
      assert.match(await (await get(b, '/')).text(), /Ceasefire talks resume in Geneva/);
      assert.match(await (await get(b, '/sections/ukraine')).text(), /Ceasefire talks resume in Geneva/);
      const untouched = await get(b, sportsUrl);
      await untouched.text();
      assert.equal(untouched.headers.get('x-cache'), 'HIT', 'an unrelated article stays cached on node B');
    });

    it('live streams on both nodes get the event with the same id', async () => {
      const onA = await openStream(url(a, '/live'));
      const onB = await openStream(url(b, '/live'));
      await new Promise((r) => setTimeout(r, 100));
      await publish(a, 'Parliament passes the budget at night', 'bulgaria');
      await until('both streams', () => onA.events.length >= 1 && onB.events.length >= 1);
      assert.deepEqual(onB.events, onA.events);
      assert.equal(onB.events[0]!.headline, 'Parliament passes the budget at night');
      // A reader who reconnects to the other node with the id resumes without a gap or a repeat.
      await publish(b, 'Second story, published on node B');
      await until('node A to hear node B', () => onA.events.length >= 2);
      const resumed = await fetch(url(b, '/live'), { headers: { 'last-event-id': onA.events[0]!.id } });
      const reader = (resumed.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      while (!text.includes('Second story')) text += Buffer.from((await reader.read()).value!).toString();
      await reader.cancel();
      assert.doesNotMatch(text, /Parliament passes/);
      onA.close();
      onB.close();
    });

    it('a node that never confirms delays a publish by the acknowledgement timeout, no longer', async () => {
      const silent = await testRedis();
      try {
        await silent.subscribe(`${prefix}:events`);
        const started = performance.now();
        await publish(a, 'Published while a node stays silent');
        const waited = performance.now() - started;
        assert.ok(waited >= ACK_TIMEOUT_MS - 20, `waited ${waited.toFixed(0)} ms`);
        assert.ok(waited < ACK_TIMEOUT_MS + 1500, `waited ${waited.toFixed(0)} ms`);
        assert.match(await (await get(b, '/')).text(), /Published while a node stays silent/);
      } finally {
        silent.disconnect();
      }
    });

    it('login attempts are limited across nodes, not per node', async () => {
      const attempt = (n: TestApp) =>
        n.app.inject({
          method: 'POST',
          url: '/newsroom/login',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'email=someone%40example.com&password=wrong',
        });
      // The limit is 20 per address: ten on each node use it up.
      for (let i = 0; i < 10; i++) {
        assert.notEqual((await attempt(a)).statusCode, 429);
        assert.notEqual((await attempt(b)).statusCode, 429);
      }
      assert.equal((await attempt(a)).statusCode, 429);
      assert.equal((await attempt(b)).statusCode, 429);
    });

    it('a renamed tag empties the other node’s cache', async () => {
      const tag = await b.db.db
        .selectFrom('tags')
        .select(['id', 'name'])
        .where('name', '=', 'Ukraine')
        .executeTakeFirstOrThrow();
      await (await get(b, '/')).text();
      assert.ok(b.ctx.pageCache.size.pages > 0);
      await a.ctx.events.emit('tags.changed', { tagIds: [tag.id] });
      assert.equal(b.ctx.pageCache.size.pages, 0);
    });

    it('after losing the connection a node empties its cache, then hears events again', async () => {
      await (await get(b, '/sections/world')).text();
      assert.ok(b.ctx.pageCache.size.pages > 0);
      const clients = String(await redis.client('LIST'));
      const subs = clients
        .split('\n')
        .filter((l) => l.includes(`name=${prefix}:events:`) && l.includes(':sub '))
        .map((l) => /\bid=(\d+)/.exec(l)![1]!);
      assert.equal(subs.length, 2, 'one subscriber per node');
      // Drop both subscriptions: whatever is published meanwhile is lost to them.
      for (const id of subs) await redis.client('KILL', 'ID', id);
      await until('node B to resync', () => b.ctx.pageCache.size.pages === 0);
      await new Promise((r) => setTimeout(r, 200));
      await (await get(b, '/')).text();
      await publish(a, 'Heard after the reconnect');
      await until('node B to show the story after reconnecting', async () =>
        (await (await get(b, '/')).text()).includes('Heard after the reconnect'),
      );
    });
  });
}

describe('Redis configured but unreachable', () => {
  it('refuses to start, saying why', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', REDIS_URL: 'redis://:secret@127.0.0.1:1' });
    const { freshDatabase } = await import('../support/databases.ts');
    const db = await freshDatabase('sqlite');
    try {
      await assert.rejects(buildApp({ config, database: db, logger: false }), (err: Error) => {
        assert.match(err.message, /Redis is not reachable at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
        assert.doesNotMatch(err.message, /secret/);
        return true;
      });
    } finally {
      await db.dispose();
    }
  });
});

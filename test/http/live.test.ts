import assert from 'node:assert/strict';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';

const TEST_ACTOR = systemActor('test');

interface Frame {
  id?: string;
  event?: string;
  data?: string;
}

/** A minimal SSE reader over fetch: collects frames as they arrive. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const frames: Frame[] = [];
  let waiters: (() => void)[] = [];
  (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let cut = buf.indexOf('\n\n');
        while (cut >= 0) {
          const f: Frame = {};
          for (const line of buf.slice(0, cut).split('\n')) {
            const m = /^(id|event|data): (.*)$/.exec(line);
            if (m) f[m[1] as keyof Frame] = m[2];
          }
          if (f.event) frames.push(f);
          buf = buf.slice(cut + 2);
          cut = buf.indexOf('\n\n');
        }
        for (const w of waiters) w();
        waiters = [];
      }
    } catch {
      // aborted
    }
  })();
  const waitFor = async (n: number, ms = 5000) => {
    const end = Date.now() + ms;
    while (frames.length < n && Date.now() < end) {
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return frames;
  };
  return { res, frames, waitFor, close: () => ctrl.abort() };
}

async function listening(app: TestApp['app']): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Opens `n` streams, retrying for a while: places given back by closed streams free up asynchronously. */
async function openAll(url: string, n: number, headers: Record<string, string> = {}, ms = 3000) {
  const end = Date.now() + ms;
  for (;;) {
    const streams = await Promise.all(Array.from({ length: n }, () => openStream(url, headers)));
    if (streams.every((s) => s.res.status === 200)) return streams;
    for (const s of streams) s.close();
    if (Date.now() > end) assert.fail(`could not open ${n} streams: ${streams.map((s) => s.res.status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const openOne = async (url: string, headers: Record<string, string> = {}) =>
  (await openAll(url, 1, headers))[0]!;

for (const dialect of testDialects())
  describe(`live updates on ${dialect}`, () => {
    let t: TestApp;
    let base: string;
    before(async () => {
      t = await startTestApp(dialect);
      base = await listening(t.app);
    });
    after(async () => {
      await t?.close();
    });
    const publish = (headline: string, breaking = false) =>
      t.ctx.articles.create(
        {
          headline,
          lede: 'Lede.',
          body: '<p>Body.</p>',
          section: 'ukraine',
          tags: ['Ukraine'],
          authors: ['nadia-kostova'],
          status: 'published',
          breaking,
        },
        TEST_ACTOR,
      );

    it('streams a publish to an open page at once', async () => {
      const s = await openStream(`${base}/live`);
      assert.equal(s.res.status, 200);
      assert.match(String(s.res.headers.get('content-type')), /text\/event-stream/);
      await publish('Grain corridor reopens after talks', true);
      const [f] = await s.waitFor(1);
      assert.equal(f?.event, 'publish');
      const a = JSON.parse(f!.data!);
      assert.equal(a.headline, 'Grain corridor reopens after talks');
      assert.deepEqual(a.sections, ['world', 'ukraine']);
      assert.equal(a.breaking, true);
      assert.match(a.url, /^\/articles\/\d+\/grain-corridor-reopens-after-talks$/);
      s.close();
    });

    it('a reconnect with Last-Event-ID gets what was published meanwhile, and nothing twice', async () => {
      const s = await openStream(`${base}/live`);
      await publish('First while connected');
      const [seen] = await s.waitFor(1);
      s.close();
      await publish('Published while away one');
      await publish('Published while away two');
      const again = await openStream(`${base}/live`, { 'last-event-id': seen!.id! });
      const frames = await again.waitFor(2);
      assert.deepEqual(
        frames.map((f) => JSON.parse(f.data!).headline),
        ['Published while away one', 'Published while away two'],
      );
      again.close();
    });

    it('replays from the database when the id is older than what the process holds', async () => {
      // Just before anything this process sent: the hub cannot answer, the database does. (Not a
      // wider margin: the demo's first story of the day can fall a minute before the tests run.)
      const ours = (await listLatest(t.db.db, 4)).reverse();
      const since = ours[0]!.published_at - 2;
      const s = await openStream(`${base}/live`, { 'last-event-id': String(since) });
      try {
        const frames = await s.waitFor(4);
        assert.deepEqual(
          frames.map((f) => JSON.parse(f.data!).id),
          ours.map((a) => a.id),
        );
      } finally {
        s.close();
      }
    });

    it('bounds the open streams per address', async () => {
      const open = [];
      for (let i = 0; i < 4; i++) open.push(await openStream(`${base}/live`));
      const refused = await fetch(`${base}/live`);
      assert.equal(refused.status, 429);
      await refused.text();
      assert.equal(refused.headers.get('retry-after'), '30');
      for (const s of open) s.close();
    });

    it('pages load the live script only where it has something to do', async () => {
      const home = (await t.app.inject('/')).body;
      assert.match(home, /<script src="\/assets\/live\.[0-9a-f]{12}\.js" defer><\/script>/);
      assert.match(home, /<body data-live-page="home">/);
      assert.match(
        (await t.app.inject('/sections/ukraine')).body,
        /data-live-page="section" data-live-section="ukraine"/,
      );
      assert.doesNotMatch((await t.app.inject('/archive')).body, /live\./);
    });

    it('HEAD answers at once with the stream’s headers and no body', async () => {
      const res = await fetch(`${base}/live`, { method: 'HEAD', signal: AbortSignal.timeout(2000) });
      assert.equal(res.status, 200);
      assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(await res.text(), '');
    });

    it('a burst of streams from one address is held to the limit while the replay is read', async () => {
      // An id older than anything this process holds: every request reads its replay from the database.
      const burst = await Promise.all(
        Array.from({ length: 30 }, () => openStream(`${base}/live`, { 'last-event-id': '1' })),
      );
      const statuses = burst.map((s) => s.res.status);
      for (const s of burst) s.close();
      const opened = statuses.filter((c) => c === 200).length;
      assert.ok(opened >= 1 && opened <= 4, `${opened} streams opened: ${statuses}`);
      assert.equal(statuses.filter((c) => c === 429).length, 30 - opened);
      // The places come back once those streams close.
      for (const s of await openAll(`${base}/live`, 4)) s.close();
    });

    it('a reader who leaves while the replay is read gives the place back', async () => {
      const { port } = t.app.server.address() as AddressInfo;
      for (let i = 0; i < 4; i++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.end('GET /live HTTP/1.1\r\nHost: localhost\r\nLast-Event-ID: 1\r\n\r\n');
        socket.resume();
        await once(socket, 'close');
      }
      for (const s of await openAll(`${base}/live`, 4)) s.close();
    });

    it('a reader away for long gets the newest stories, oldest first, and is told to reload', async () => {
      const s = await openOne(`${base}/live`);
      await publish('Last story seen before going away');
      const [seen] = await s.waitFor(1);
      s.close();
      const headlines = Array.from({ length: 150 }, (_, i) => `Story ${i + 1} published while away`);
      for (const h of headlines) await publish(h);
      const newest = headlines.slice(-100);
      const replayed = async (url: string) => {
        const again = await openOne(url, { 'last-event-id': seen!.id! });
        const frames = await again.waitFor(101);
        // Anything beyond the replay would have come in the same burst.
        await new Promise((r) => setTimeout(r, 100));
        again.close();
        return frames;
      };
      // From this process's memory (it holds up to 1000 events).
      const fromMemory = await replayed(`${base}/live`);
      assert.deepEqual(fromMemory[0], { event: 'reload', data: '{"replayed":100}' });
      assert.deepEqual(
        fromMemory.slice(1).map((f) => JSON.parse(f.data!).headline),
        newest,
      );
      // After a restart the process holds nothing: the same from the database.
      const restarted = await startTestApp(dialect, { database: t.db, seed: false, keepDatabase: true });
      try {
        const fromDatabase = await replayed(`${await listening(restarted.app)}/live`);
        assert.deepEqual(fromDatabase[0], { event: 'reload', data: '{"replayed":100}' });
        assert.deepEqual(
          fromDatabase.slice(1).map((f) => JSON.parse(f.data!).headline),
          newest,
        );
        const ids = fromDatabase.slice(1).map((f) => Number(f.id));
        assert.deepEqual(
          ids,
          [...ids].sort((a, b) => a - b),
          'ids rise, so the browser resumes from the newest',
        );
      } finally {
        await restarted.close();
      }
    });
  });

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

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

describe('live updates', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await t?.close();
  });
  const publish = (headline: string, breaking = false) =>
    t.ctx.articles.create({
      headline,
      lede: 'Lede.',
      body: '<p>Body.</p>',
      section: 'ukraine',
      tags: ['Ukraine'],
      authors: ['nadia-kostova'],
      status: 'published',
      breaking,
    });

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
    // A minute before anything this process sent: the hub cannot answer, the database does.
    const ours = (await listLatest(t.ctx.db, 4)).reverse();
    const since = ours[0]!.published_at - 60_000;
    const s = await openStream(`${base}/live`, { 'last-event-id': String(since) });
    const frames = await s.waitFor(4);
    assert.deepEqual(
      frames.map((f) => JSON.parse(f.data!).id),
      ours.map((a) => a.id),
    );
    s.close();
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
});

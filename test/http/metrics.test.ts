import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const TEST_ACTOR = systemActor('test');

const TOKEN = 'metrics-token-for-tests-0123456789';
const READER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' };

/** The value of one sample line, e.g. `dateline_page_cache_hits_total 3`. */
function sample(text: string, name: string): number {
  const m = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
  if (!m) throw new Error(`${name} missing from:\n${text.slice(0, 500)}`);
  return Number(m[1]);
}

describe('/metrics for operators', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite', { env: { METRICS_TOKEN: TOKEN } });
  });
  after(async () => {
    await t?.close();
  });
  const scrape = (authorization?: string) =>
    t.app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });

  it('needs the token', async () => {
    assert.equal((await scrape()).statusCode, 401);
    assert.equal((await scrape('Bearer wrong-token-of-some-length')).statusCode, 401);
    const ok = await scrape(`Bearer ${TOKEN}`);
    assert.equal(ok.statusCode, 200);
    assert.match(String(ok.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(ok.body, /^dateline_process_resident_memory_bytes \d+/m);
    assert.doesNotMatch(ok.body, new RegExp(TOKEN));
  });

  it('counts page-cache hits and misses, pages held and publishes', async () => {
    const before = (await scrape(`Bearer ${TOKEN}`)).body;
    await t.app.inject({ url: '/sections/sports', headers: READER });
    await t.app.inject({ url: '/sections/sports', headers: READER });
    await t.ctx.articles.create(
      {
        headline: 'Counted in the metrics',
        lede: 'A lede.',
        body: '<p>A body.</p>',
        section: 'sports',
        tags: ['Football'],
        authors: ['nadia-kostova'],
        status: 'published',
      },
      TEST_ACTOR,
    );
    const now = (await scrape(`Bearer ${TOKEN}`)).body;
    assert.equal(
      sample(now, 'dateline_page_cache_hits_total') - sample(before, 'dateline_page_cache_hits_total'),
      1,
    );
    assert.ok(
      sample(now, 'dateline_page_cache_misses_total') > sample(before, 'dateline_page_cache_misses_total'),
    );
    assert.equal(
      sample(now, 'dateline_articles_published_total'),
      sample(before, 'dateline_articles_published_total') + 1,
    );
    assert.equal(sample(now, 'dateline_live_streams'), 0);
  });

  it('does not exist without a token configured', async () => {
    const plain = await startTestApp('sqlite', { seed: false });
    try {
      assert.equal((await plain.app.inject(`/metrics`)).statusCode, 404);
    } finally {
      await plain.close();
    }
  });
});

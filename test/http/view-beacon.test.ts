import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { findArticleById, listLatest } from '../../src/articles/articles.repository.ts';
import { loadConfig } from '../../src/core/config.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';

const READER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' };

for (const dialect of testDialects()) {
  describe(`views counted by beacon (behind Varnish or a CDN) on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, { env: { VIEW_COUNTING: 'beacon' } });
    });
    after(async () => {
      await t?.close();
    });
    const viewsOf = async (id: number) => (await findArticleById(t.db.db, id))!.view_count;

    it('counts the beacon, not the page request', async () => {
      const [a] = await listLatest(t.db.db, 1);
      const before = await viewsOf(a!.id);
      const page = await t.app.inject({ url: `/articles/${a!.id}/${a!.slug}`, headers: READER });
      assert.match(page.body, new RegExp(`data-view-beacon="/views/${a!.id}"`));
      await t.app.inject({ url: `/articles/${a!.id}/${a!.slug}`, headers: READER });
      await t.ctx.views.flush();
      assert.equal(await viewsOf(a!.id), before, 'page requests are not counted in beacon mode');
      const beacon = await t.app.inject({ method: 'POST', url: `/views/${a!.id}`, headers: READER });
      assert.equal(beacon.statusCode, 204);
      assert.equal(beacon.headers['cache-control'], 'no-store');
      await t.app.inject({
        method: 'POST',
        url: `/views/${a!.id}`,
        headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
      });
      await t.ctx.views.flush();
      assert.equal(await viewsOf(a!.id), before + 1, 'one reader counted, the crawler not');
    });

    it('counts a reader once per article per 30 minutes', async () => {
      const [, b] = await listLatest(t.db.db, 2);
      const before = await viewsOf(b!.id);
      const beacon = (remoteAddress: string) =>
        t.app.inject({ method: 'POST', url: `/views/${b!.id}`, headers: READER, remoteAddress });
      for (let i = 0; i < 3; i++) assert.equal((await beacon('203.0.113.7')).statusCode, 204);
      assert.equal((await beacon('198.51.100.4')).statusCode, 204);
      await t.ctx.views.flush();
      assert.equal(await viewsOf(b!.id), before + 2, 'three beacons from one reader, one from another');
    });

    it('answers 404 to ids out of range or of no published article; the next flush writes the good counts', async () => {
      const [a] = await listLatest(t.db.db, 1);
      const last = await t.db.db
        .selectFrom('articles')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow();
      const section = await t.db.db.selectFrom('sections').select('slug').executeTakeFirstOrThrow();
      const draft = await t.ctx.articles.create(
        {
          headline: 'Not yet',
          lede: '',
          body: '',
          section: section.slug,
          tags: [],
          authors: [],
          status: 'draft',
        },
        systemActor('test'),
      );
      const before = await viewsOf(a!.id);
      for (const id of [
        '99999999999',
        '2147483648',
        '0',
        '007',
        '-1',
        String(Number(last.id) + 1000),
        String(draft),
      ]) {
        const res = await t.app.inject({ method: 'POST', url: `/views/${id}`, headers: READER });
        assert.equal(res.statusCode, 404, id);
      }
      const good = await t.app.inject({
        method: 'POST',
        url: `/views/${a!.id}`,
        headers: READER,
        remoteAddress: '192.0.2.99',
      });
      assert.equal(good.statusCode, 204);
      await t.ctx.views.flush();
      assert.equal(await viewsOf(a!.id), before + 1);
      assert.equal((await findArticleById(t.db.db, draft))!.view_count, 0);
    });

    it('refuses what is not an article id, and a body', async () => {
      assert.equal(
        (await t.app.inject({ method: 'POST', url: '/views/abc', headers: READER })).statusCode,
        404,
      );
      const big = await t.app.inject({
        method: 'POST',
        url: '/views/1',
        headers: { ...READER, 'content-type': 'text/plain' },
        payload: 'x'.repeat(5000),
      });
      assert.equal(big.statusCode, 413);
    });

    it('is the default behind Varnish, and off otherwise', async () => {
      assert.equal(loadConfig({ VARNISH_URL: 'http://127.0.0.1:6081' }).viewCounting, 'beacon');
      assert.equal(loadConfig({}).viewCounting, 'on');
      assert.equal(
        loadConfig({ VARNISH_URL: 'http://127.0.0.1:6081', VIEW_COUNTING: 'on' }).viewCounting,
        'on',
      );
      const plain = await startTestApp(dialect, { seed: false });
      try {
        assert.equal(
          (await plain.app.inject({ method: 'POST', url: '/views/1', headers: READER })).statusCode,
          404,
        );
      } finally {
        await plain.close();
      }
    });
  });
}

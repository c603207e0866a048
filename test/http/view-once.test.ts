import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findArticleById, listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

for (const dialect of testDialects()) {
  describe(`article views counted once per reader on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => {
      await t?.close();
    });
    const viewsOf = async (id: number) => (await findArticleById(t.db.db, id))!.view_count;

    it('300 page loads from one client add one view; another browser or address adds another', async () => {
      const [a] = await listLatest(t.db.db, 1);
      const url = `/articles/${a!.id}/${a!.slug}`;
      const load = (userAgent: string, remoteAddress: string) =>
        t.app.inject({ method: 'GET', url, headers: { 'user-agent': userAgent }, remoteAddress });
      await t.ctx.views.flush();
      const before = await viewsOf(a!.id);
      const first = await load(CHROME, '203.0.113.7');
      assert.equal(first.statusCode, 200);
      // The rest are page-cache hits, counted on the cache's own path.
      for (let i = 1; i < 300; i++)
        assert.equal((await load(CHROME, '203.0.113.7')).headers['x-cache'], 'HIT');
      await t.ctx.views.flush();
      assert.equal(await viewsOf(a!.id), before + 1);
      await load(FIREFOX, '203.0.113.7');
      await load(CHROME, '198.51.100.4');
      await t.ctx.views.flush();
      assert.equal(await viewsOf(a!.id), before + 3);
    });

    it('behind a trusted proxy, cache hits answered before routing still tell readers apart', async () => {
      // Readers reach the server through a proxy at 127.0.0.1 that names them in X-Forwarded-For.
      const p = await startTestApp(dialect, { env: { TRUST_PROXY: '127.0.0.1' } });
      try {
        await p.app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = p.app.server.address() as import('node:net').AddressInfo;
        const [a] = await listLatest(p.db.db, 1);
        const url = `http://127.0.0.1:${port}/articles/${a!.id}/${a!.slug}`;
        const load = (reader: string) =>
          fetch(url, { headers: { 'user-agent': CHROME, 'x-forwarded-for': reader } });
        assert.equal((await load('203.0.113.1')).status, 200);
        await p.ctx.views.flush();
        const before = (await findArticleById(p.db.db, a!.id))!.view_count;
        for (let i = 2; i <= 6; i++)
          assert.equal((await load(`203.0.113.${i}`)).headers.get('x-cache'), 'HIT');
        await p.ctx.views.flush();
        assert.equal((await findArticleById(p.db.db, a!.id))!.view_count, before + 5);
      } finally {
        await p.close();
      }
    });
  });
}

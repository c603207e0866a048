import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';

for (const dialect of testDialects()) {
  describe(`search pages on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => {
      await t?.close();
    });
    const get = (url: string) => t.app.inject({ method: 'GET', url });

    it('the page lists matches with marked snippets, and every page has a search box', async () => {
      const res = await get('/search?q=%22north+korea%22');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<mark>North<\/mark> <mark>Korea<\/mark>/);
      assert.match(res.body, /North Korea Fires Ballistic Missile/);
      assert.match(res.body, /<meta name="robots" content="noindex"/);
      const home = await get('/');
      assert.match(
        home.body,
        /<search class="site-search" aria-label="Site search"><form method="get" action="\/search">/,
      );
      const empty = await get('/search');
      assert.equal(empty.statusCode, 200);
      assert.doesNotMatch(empty.body, /No articles match/);
    });

    it('JSON: results, snippet HTML and a working next link', async () => {
      const first = (await get('/api/content/v1/search?q=bulgaria&limit=3')).json();
      assert.equal(first.results.length, 3);
      assert.match(first.results[0].url, /^http:\/\/localhost:3000\/articles\/\d+\//);
      assert.ok(first.next.startsWith('/api/content/v1/search?'));
      const second = (await get(first.next)).json();
      assert.equal(second.results.length, 3);
      const ids = [...first.results, ...second.results].map((r: { id: number }) => r.id);
      assert.equal(new Set(ids).size, 6);
    });

    it('filters by section and tag, and refuses unknown ones clearly', async () => {
      const inAsia = (await get('/api/content/v1/search?q=korea&section=asia')).json();
      assert.ok(inAsia.results.length > 0);
      for (const r of inAsia.results) assert.deepEqual(r.section, ['World', 'Asia']);
      const bad = await get('/api/content/v1/search?q=korea&section=nowhere');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /no section "nowhere"/);
      assert.equal((await get('/search?q=korea&tag=no-such-tag')).statusCode, 400);
      assert.equal((await get('/search?q=korea&from=2024-13-45')).statusCode, 400);
      assert.equal((await get('/search?q=korea&from=2024-10-20&to=2024-10-01')).statusCode, 400);
    });

    it('junk never fails: empty results, or a 400 with a message', async () => {
      for (const q of ['%22%22%22', '((((', '*', "'%20OR%201=1--", 'NEAR(a%20b)', '%3Cscript%3E']) {
        const res = await get(`/search?q=${q}`);
        assert.equal(res.statusCode, 200, q);
        assert.doesNotMatch(res.body, /<script>/);
      }
      const long = await get(`/search?q=${'word+'.repeat(1000)}`);
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /at most 200 characters/);
      assert.equal((await get('/search?q=a&q=b')).statusCode, 400);
      assert.equal((await get('/api/content/v1/search?q=korea&after=%7B%7D')).statusCode, 400);
      assert.equal((await get('/api/content/v1/search?q=korea&limit=500')).statusCode, 400);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';

const DATE_LINE = /[A-Z][a-z]+ \d{1,2}, \d{4}, [A-Z][a-z]+day \/\/ \d{2}:\d{2}/;

for (const dialect of testDialects()) {
  describe(`public pages on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => {
      await t?.close();
    });

    const get = (url: string) => t.app.inject({ method: 'GET', url });

    it('counts a reader viewing an article (not a bot) and shows Most read', async () => {
      const [latest] = await listLatest(t.db.db, 1);
      const url = `/articles/${latest!.id}/${latest!.slug}`;
      const before = latest!.view_count;
      const ua = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36';
      await t.app.inject({ method: 'GET', url, headers: { 'user-agent': ua } });
      // Another reader (one reader's repeat views within 30 minutes count once).
      await t.app.inject({ method: 'GET', url, headers: { 'user-agent': ua }, remoteAddress: '192.0.2.2' });
      await t.app.inject({ method: 'GET', url, headers: { 'user-agent': 'Googlebot/2.1' } });
      await t.app.inject({ method: 'HEAD', url, headers: { 'user-agent': ua } });
      await t.ctx.views.flush();
      const [after] = await listLatest(t.db.db, 1);
      assert.equal(after!.view_count, before + 2);
      for (const page of ['/', url]) {
        const html = (await get(page)).body;
        assert.match(html, /<h2 id="most-read-title" class="box-title">Most read<\/h2>/, page);
        assert.match(html, /Last 24 hours/, page);
        assert.match(html, /Last 7 days/, page);
      }
    });

    it('home: top stories, latest and a block per top-level section', async () => {
      const res = await get('/');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /Top stories/);
      assert.match(res.body, /Latest/);
      for (const s of t.ctx.sections.topLevel().slice(0, 4))
        assert.ok(res.body.includes(`id="sec-${s.slug}"`), s.slug);
      assert.match(res.body, DATE_LINE);
      assert.match(res.body, /Viewed: \d+/);
      assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/);
    });

    it('article: every part of the reference page', async () => {
      const [latest] = await listLatest(t.db.db, 1);
      const view = await get(`/articles/${latest!.id}/${latest!.slug}`);
      assert.equal(view.statusCode, 200);
      const html = view.body;
      const section = t.ctx.sections.get(latest!.section_id)!;
      // breadcrumb: parent » child
      if (section.parent) {
        assert.ok(html.indexOf(`>${section.parent.name}</a>`) < html.indexOf(`>${section.name}</a>`));
      }
      assert.match(
        html,
        /<time class="dateline" datetime="[^"]+">[A-Z][a-z]+ \d{1,2}, \d{4}, [A-Z][a-z]+ \/\/ \d{2}:\d{2}<\/time>/,
      );
      assert.match(html, /<h1 id="headline"/);
      assert.match(html, /class="article-body"><p>/);
      assert.match(
        html,
        /» <a href="\/be-a-reporter\?section=[a-z-]+">Be a reporter: Write and send your article<\/a>/,
      );
      assert.match(html, /<ul class="tags"><li><a href="\/tags\/[a-z0-9-]+">/);
      assert.match(html, /Related Articles/);
      assert.match(html, /<span class="ad-label">Advertisement<\/span>/);
      assert.match(html, new RegExp(`More from ${section.name}`));
      assert.ok(
        !html.includes(
          `More from ${section.name}</h2><ol class="listing"><li class="item"><article><h3 class="item-title"><a href="/articles/${latest!.id}/`,
        ),
      );
      assert.match(html, /<footer class="site-footer">/);
    });

    it('article: a stale or missing slug redirects 301 to the current URL', async () => {
      const [a] = await listLatest(t.db.db, 1);
      const stale = await get(`/articles/${a!.id}/some-old-slug`);
      assert.equal(stale.statusCode, 301);
      assert.equal(stale.headers.location, `/articles/${a!.id}/${a!.slug}`);
      const bare = await get(`/articles/${a!.id}`);
      assert.equal(bare.statusCode, 301);
    });

    it('article: 404 for unknown ids, 410 once unpublished, both in the site look', async () => {
      const missing = await get('/articles/99999999/nothing');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /class="masthead"/);
      assert.equal((await get('/articles/abc/x')).statusCode, 404);
      const [a] = await listLatest(t.db.db, 1);
      await t.db.db.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', a!.id).execute();
      // Changed behind the services' back: no event purges the page cache.
      t.ctx.pageCache.clear();
      const gone = await get(`/articles/${a!.id}/${a!.slug}`);
      assert.equal(gone.statusCode, 410);
      assert.match(gone.body, /class="masthead"/);
      await t.db.db.updateTable('articles').set({ status: 'published' }).where('id', '=', a!.id).execute();
      t.ctx.pageCache.clear();
    });

    it("section: a parent lists its children's articles; a child shows its parent in the title", async () => {
      const world = await get('/sections/world');
      assert.equal(world.statusCode, 200);
      assert.match(world.body, /<h1 class="page-title">World<\/h1>/);
      assert.match(world.body, /href="\/sections\/ukraine"/);
      assert.match(
        world.body,
        /World<\/a><span aria-hidden="true"> » <\/span><a href="\/sections\/(ukraine|europe|middle-east|asia|americas)">/,
      );
      const ukraine = await get('/sections/ukraine');
      assert.equal(ukraine.statusCode, 200);
      assert.match(ukraine.body, /<a href="\/sections\/world">World<\/a> » Ukraine/);
      assert.equal((await get('/sections/no-such-section')).statusCode, 404);
    });

    it('section: the older-stories link pages by cursor', async () => {
      const first = await get('/sections/world');
      const next = /href="(\/sections\/world\?before=[0-9a-z-]+)" rel="next"/.exec(first.body);
      assert.ok(next, 'a link to older stories');
      const second = await get(next[1]!);
      assert.equal(second.statusCode, 200);
      const ids = (html: string) =>
        [...html.matchAll(/<h2 class="item-title"><a href="\/articles\/(\d+)\//g)].map((m) => m[1]);
      const overlap = ids(first.body).filter((id) => ids(second.body).includes(id));
      assert.deepEqual(overlap, []);
      assert.ok(ids(second.body).length > 0);
    });

    it('bad query values give 400 or the first page, never 500', async () => {
      assert.equal((await get('/sections/world?page=-1')).statusCode, 200);
      assert.equal((await get('/sections/world?page=abc')).statusCode, 200);
      assert.equal((await get(`/sections/world?before=${'x'.repeat(10_000)}`)).statusCode, 400);
      assert.equal((await get('/sections/world?before=not-a-cursor!')).statusCode, 400);
      assert.equal((await get('/sections/world?before=a&before=b')).statusCode, 400);
      assert.equal((await get('/tags/ukraine?before=%00')).statusCode, 400);
      assert.equal((await get('/archive/2024/10/18?before=zzzzzzzzzzzzzzzzzzzz-1')).statusCode, 400);
    });

    it('tag and author pages list their articles', async () => {
      const tag = await get('/tags/ukraine');
      assert.equal(tag.statusCode, 200);
      assert.match(tag.body, /<h1 class="page-title">Ukraine<\/h1>/);
      assert.match(tag.body, /Viewed: \d+/);
      assert.equal((await get('/tags/no-such-tag')).statusCode, 404);
      const author = await t.db.db.selectFrom('authors').select('slug').limit(1).executeTakeFirstOrThrow();
      const page = await get(`/authors/${author.slug}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /class="item-title"/);
    });

    it('date archive: a day in the site time zone, a month, and invalid dates', async () => {
      const [a] = await listLatest(t.db.db, 1);
      const sofia = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Sofia' }).format(a!.published_at);
      const [y, m, d] = sofia.split('-');
      const day = await get(`/archive/${y}/${m}/${d}`);
      assert.equal(day.statusCode, 200);
      assert.ok(day.body.includes(`/articles/${a!.id}/`));
      const month = await get(`/archive/${y}/${m}`);
      assert.equal(month.statusCode, 200);
      assert.equal((await get('/archive')).statusCode, 200);
      assert.equal((await get('/archive/2024/02/30')).statusCode, 404);
      assert.equal((await get('/archive/24/1/1')).statusCode, 404);
      const empty = await get('/archive/1999/01/01');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /Nothing was published on this date/);
    });

    it('be-a-reporter explains how to send, with the section preselected', async () => {
      const res = await get('/be-a-reporter?section=ukraine');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Be a reporter: Write and send your article/);
      assert.match(res.body, /href="\/sections\/ukraine">Ukraine<\/a> section/);
      assert.match(res.body, /href="mailto:newsroom@localhost\?subject=Be%20a%20reporter%3A%20Ukraine"/);
    });

    it('unknown paths are 404 in the site look; assets are served and cached', async () => {
      const res = await get('/no/such/page');
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Page not found/);
      const css = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(res.body)![1]!;
      const asset = await get(css);
      assert.equal(asset.statusCode, 200);
      assert.match(asset.headers['cache-control'] as string, /immutable/);
      assert.equal((await get('/healthz')).statusCode, 200);
      assert.equal((await get('/readyz')).statusCode, 200);
    });
  });
}

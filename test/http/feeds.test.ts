import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { listBySection, listLatest } from '../../src/articles/articles.repository.ts';
import { FEED_SIZE } from '../../src/feeds/feeds.routes.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { parseFeed, xmlErrors } from '../support/feed-tools.ts';

const TEST_ACTOR = systemActor('test');

const SITE = 'http://localhost:3000';

for (const dialect of testDialects()) {
  describe(`feeds and sitemaps on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => {
      await t?.close();
    });
    const get = (url: string) => t.app.inject({ url, headers: { 'user-agent': 'Mozilla/5.0 Chrome/131' } });

    it('serves the site feed as RSS, Atom and JSON Feed, newest first, as a feed reader reads them', async () => {
      const latest = await listLatest(t.db.db, FEED_SIZE);
      const links = latest.map((a) => `${SITE}/articles/${a.id}/${a.slug}`);
      for (const [file, type, version] of [
        ['feed.xml', 'application/rss+xml', 'rss20'],
        ['feed.atom', 'application/atom+xml', 'atom10'],
      ] as const) {
        const res = await get(`/${file}`);
        assert.equal(res.statusCode, 200, file);
        assert.equal(String(res.headers['content-type']).split(';')[0], type);
        assert.equal(await xmlErrors(res.body), null, file);
        const feed = await parseFeed(res.body);
        assert.equal(feed.bozo, false, `${file}: ${feed.bozoException}`);
        assert.equal(feed.version, version);
        assert.equal(feed.title, 'Dateline');
        assert.deepEqual(
          feed.entries.map((e) => e.link),
          links,
          file,
        );
      }
      // Debian's feedparser predates JSON Feed: its fields are checked against the spec here.
      const res = await get('/feed.json');
      assert.equal(String(res.headers['content-type']).split(';')[0], 'application/feed+json');
      const json = res.json() as {
        version: string;
        title: string;
        feed_url: string;
        items: { id: string; url: string; title: string; content_html: string; date_published: string }[];
      };
      assert.match(json.version, /^https:\/\/jsonfeed\.org\/version\/1/);
      assert.equal(json.title, 'Dateline');
      assert.equal(json.feed_url, `${SITE}/feed.json`);
      assert.deepEqual(
        json.items.map((i) => i.url),
        links,
      );
      assert.ok(
        json.items.every(
          (i) => i.id && i.title && i.content_html && !Number.isNaN(Date.parse(i.date_published)),
        ),
      );
      const rss = await parseFeed((await get('/feed.xml')).body);
      assert.ok(
        rss.entries.some((e) => e.tags.length > 0),
        'tags are categories',
      );
      assert.ok(
        rss.entries.some((e) => e.authors.length > 0),
        'bylines are authors',
      );
    });

    it('has a feed per section (children included) and per tag, and 404 for unknown ones', async () => {
      const world = t.ctx.sections.bySlugOrUndefined('world')!;
      const inWorld = await listBySection(t.db.db, { id: world.id, isRoot: true }, 5);
      const feed = await parseFeed((await get('/sections/world/feed.atom')).body);
      assert.equal(feed.title, 'Dateline: World');
      assert.deepEqual(
        feed.entries.slice(0, 5).map((e) => e.link),
        inWorld.map((a) => `${SITE}/articles/${a.id}/${a.slug}`),
      );
      const tag = await parseFeed((await get('/tags/ukraine/feed.xml')).body);
      assert.equal(tag.title, 'Dateline: Ukraine');
      assert.ok(tag.entries.length > 0 && tag.entries.every((e) => e.tags.includes('Ukraine')));
      for (const url of [
        '/sections/nowhere/feed.xml',
        '/tags/nothing-here/feed.json',
        '/sections/Bad!/feed.xml',
      ]) {
        assert.equal((await get(url)).statusCode, 404, url);
      }
    });

    it('keeps hostile text inert: markup in a headline stays text in every format', async () => {
      await t.ctx.articles.create(
        {
          headline: 'Markets <b>rally</b> & "bonds" slip ]]> after <script>alert(1)</script> vote',
          lede: 'Lede with <i>markup</i> & an ampersand.',
          body: '<p>Body text ]]&gt; with <a href="https://example.com/?a=1&amp;b=2">a link</a>.</p>',
          section: 'economy',
          tags: ['Markets'],
          authors: ['nadia-kostova'],
          status: 'published',
        },
        TEST_ACTOR,
      );
      for (const file of ['feed.xml', 'feed.atom']) {
        const res = await get(`/${file}`);
        assert.equal(await xmlErrors(res.body), null, file);
        const feed = await parseFeed(res.body);
        assert.equal(feed.bozo, false, `${file}: ${feed.bozoException}`);
        const title = feed.entries[0]!.title;
        assert.match(title, /^Markets /, file);
        assert.doesNotMatch(title, /<script>/, `${file}: ${title}`);
      }
      const item = (await get('/feed.json')).json().items[0];
      assert.match(item.title, /^Markets rally & "bonds" slip/);
      assert.doesNotMatch(item.content_html, /<script/);
      // The page shows the ampersand once, escaped once.
      const page = (await get('/sections/economy')).body;
      assert.match(page, /Markets rally &amp; (&quot;|")bonds(&quot;|") slip/);
      assert.doesNotMatch(page, /&amp;amp;/);
    });

    it('makes a JSON Feed entry for an article without a byline', async () => {
      await t.ctx.articles.create(
        {
          headline: 'Agency report without a byline',
          lede: 'A lede.',
          body: '<p>A body.</p>',
          section: 'economy',
          tags: ['Markets'],
          authors: [],
          status: 'published',
        },
        TEST_ACTOR,
      );
      const res = await get('/feed.json');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().items[0].title, 'Agency report without a byline');
    });

    it('shows a publish in the cached feeds and sitemaps at once', async () => {
      for (const url of ['/feed.xml', '/sections/ukraine/feed.json', '/news-sitemap.xml']) {
        await get(url);
        assert.equal((await get(url)).headers['x-cache'], 'HIT', url);
      }
      const id = await t.ctx.articles.create(
        {
          headline: 'Grain ships leave Odesa under new escort',
          lede: 'A lede.',
          body: '<p>A body.</p>',
          section: 'ukraine',
          tags: ['Ukraine'],
          authors: ['nadia-kostova'],
          status: 'published',
        },
        TEST_ACTOR,
      );
      for (const url of ['/feed.xml', '/sections/ukraine/feed.json', '/news-sitemap.xml']) {
        const res = await get(url);
        assert.equal(res.headers['x-cache'], 'MISS', url);
        assert.match(res.body, new RegExp(`/articles/${id}/grain-ships-leave-odesa-under-new-escort`), url);
      }
    });

    it('lists every article in monthly sitemaps under an index, and recent ones in the news sitemap', async () => {
      const index = await get('/sitemap.xml');
      assert.equal(index.statusCode, 200);
      assert.equal(await xmlErrors(index.body), null);
      const months = [...index.body.matchAll(/<loc>http:\/\/localhost:3000(\/sitemaps\/[^<]+)<\/loc>/g)].map(
        (m) => m[1]!,
      );
      assert.ok(months.includes('/sitemaps/pages.xml'));
      const [newest] = await listLatest(t.db.db, 1);
      let found = false;
      for (const path of months) {
        const res = await get(path);
        assert.equal(res.statusCode, 200, path);
        assert.equal(await xmlErrors(res.body), null, path);
        if (res.body.includes(`${SITE}/articles/${newest!.id}/${newest!.slug}</loc>`)) found = true;
      }
      assert.ok(found, 'the newest article is in a monthly sitemap');
      const news = await get('/news-sitemap.xml');
      assert.equal(await xmlErrors(news.body), null);
      assert.match(news.body, /xmlns:news="http:\/\/www\.google\.com\/schemas\/sitemap-news\/0\.9"/);
      assert.match(news.body, /<news:name>Dateline<\/news:name>/);
      assert.match(news.body, new RegExp(`/articles/${newest!.id}/`));
      assert.equal((await get('/sitemaps/articles-2026-13.xml')).statusCode, 404);
      assert.equal((await get('/sitemaps/nothing.xml')).statusCode, 404);
      const robots = await get('/robots.txt');
      assert.match(robots.body, /^Sitemap: http:\/\/localhost:3000\/sitemap\.xml$/m);
      assert.match(robots.body, /^Disallow: \/newsroom$/m);
    });

    it('lets browsers and readers find the feeds from the pages', async () => {
      const home = (await get('/')).body;
      assert.match(
        home,
        /<link rel="alternate" type="application\/rss\+xml" title="Dateline \(RSS\)" href="\/feed\.xml"/,
      );
      const section = (await get('/sections/world')).body;
      assert.match(
        section,
        /<link rel="alternate" type="application\/atom\+xml" title="Dateline: World \(Atom\)" href="\/sections\/world\/feed\.atom"/,
      );
    });
  });
}

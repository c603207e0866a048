import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { systemActor } from '../../src/accounts/actor.ts';
import { SESSION_COOKIE } from '../../src/accounts/auth.ts';
import { listBySection, listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';

const TEST_ACTOR = systemActor('test');

const READER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' };

for (const dialect of testDialects()) {
  describe(`page cache on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => {
      await t?.close();
    });
    const get = (url: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers: { ...READER, ...headers } });
    const publish = (headline: string, section: string, tags: string[]) =>
      t.ctx.articles.create(
        {
          headline,
          lede: 'A lede.',
          body: '<p>A body.</p>',
          section,
          tags,
          authors: ['nadia-kostova'],
          status: 'published',
        },
        TEST_ACTOR,
      );

    it('serves a page from memory the second time, with ETag, 304 and surrogate keys', async () => {
      const [a] = await listLatest(t.db.db, 1);
      const url = `/articles/${a!.id}/${a!.slug}`;
      const first = await get(url);
      assert.equal(first.headers['x-cache'], 'MISS');
      const second = await get(url);
      assert.equal(second.headers['x-cache'], 'HIT');
      assert.equal(second.body, first.body);
      assert.equal(second.headers.etag, first.headers.etag);
      assert.match(
        String(second.headers['cache-control']),
        /public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+, stale-if-error=\d+/,
      );
      const keys = String(second.headers['surrogate-key']).split(' ');
      assert.ok(keys.includes(`p:${a!.id}`) && keys.includes(`a:${a!.id}`), keys.join(' '));
      assert.match(String(second.headers['content-security-policy']), /default-src 'self'/);
      const revalidated = await get(url, { 'if-none-match': String(first.headers.etag) });
      assert.equal(revalidated.statusCode, 304);
      assert.equal(revalidated.body, '');
    });

    it('keys pages only on the query parameters they read: junk cannot fill the cache', async () => {
      t.ctx.pageCache.clear();
      await get('/');
      const before = t.ctx.pageCache.size.pages;
      for (let i = 0; i < 200; i++) {
        const res = await get(`/?junk=${i}&utm_source=x${i}`);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-cache'], 'HIT', `/?junk=${i}`);
      }
      assert.equal(t.ctx.pageCache.size.pages, before, 'no new entry per variant');
      // A parameter a page reads still makes its own page.
      const [a] = await listBySection(
        t.db.db,
        { id: t.ctx.sections.bySlugOrUndefined('world')!.id, isRoot: true },
        1,
      );
      const next = `/sections/world?before=${(a!.published_at + 1).toString(36)}-${a!.id.toString(36)}`;
      assert.equal((await get(next)).headers['x-cache'], 'MISS');
      assert.equal((await get(`${next}&junk=1`)).headers['x-cache'], 'HIT');
      // Spellings of one path share its entry.
      assert.equal((await get('/sections/world')).headers['x-cache'], 'MISS');
      assert.equal((await get('/s%65ctions/world')).headers['x-cache'], 'HIT');
    });

    it('a publish shows at once on home, its section and tag pages, and leaves other pages cached', async () => {
      const other = t.ctx.sections.bySlugOrUndefined('sports')!;
      const [sportsStory] = await listBySection(t.db.db, { id: other.id, isRoot: true }, 1);
      const sportsUrl = `/articles/${sportsStory!.id}/${sportsStory!.slug}`;
      for (const url of [
        '/',
        '/sections/energy',
        '/sections/business',
        '/tags/energy',
        '/sections/sports',
        sportsUrl,
      ]) {
        await get(url);
        assert.equal((await get(url)).headers['x-cache'], 'HIT', url);
      }
      const headline = `Grid operator orders emergency reserve ${Date.now()}`;
      await publish(headline, 'energy', ['Energy']);
      for (const url of ['/', '/sections/energy', '/sections/business', '/tags/energy']) {
        const res = await get(url);
        assert.equal(res.headers['x-cache'], 'MISS', url);
        assert.ok(res.body.includes(headline), `${url} shows the new story`);
      }
      // A page that shows nothing of it is not purged.
      assert.equal((await get('/sections/sports')).headers['x-cache'], 'HIT');
      assert.equal((await get(sportsUrl)).headers['x-cache'], 'HIT');
    });

    it('an update reaches every cached page that shows the article; an unpublish answers 410 at once', async () => {
      const [a] = await listLatest(t.db.db, 1);
      const url = `/articles/${a!.id}/${a!.slug}`;
      await get(url);
      await get('/');
      const content = {
        headline: 'Grid operator lifts the emergency reserve',
        lede: 'Updated.',
        body: '<p>Updated body.</p>',
        section: 'energy',
        tags: ['Energy'],
        authors: ['nadia-kostova'],
        kind: 'staff' as const,
        breaking: false,
      };
      const row = await t.db.db
        .selectFrom('articles')
        .select('version')
        .where('id', '=', a!.id)
        .executeTakeFirstOrThrow();
      await t.ctx.articles.update(a!.id, content, { expectedVersion: row.version, actor: TEST_ACTOR });
      const page = await get(url);
      assert.equal(page.headers['x-cache'], 'MISS');
      assert.match(page.body, /Grid operator lifts the emergency reserve/);
      assert.match((await get('/')).body, /Grid operator lifts the emergency reserve/);
      await t.ctx.articles.transition(a!.id, 'unpublish', { actor: TEST_ACTOR });
      assert.equal((await get(url)).statusCode, 410);
      assert.doesNotMatch((await get('/')).body, /Grid operator lifts the emergency reserve/);
    });

    it('compresses pages for readers that accept it, misses and hits alike, each encoding with its own ETag', async () => {
      t.ctx.pageCache.clear();
      const miss = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(miss.headers['x-cache'], 'MISS');
      assert.equal(miss.headers['content-encoding'], 'br');
      assert.equal(miss.headers.vary, 'accept-encoding');
      const html = zlib.brotliDecompressSync(miss.rawPayload).toString();
      assert.match(html, /^<!DOCTYPE html>/i);
      const hit = await get('/', { 'accept-encoding': 'br' });
      assert.equal(hit.headers['x-cache'], 'HIT');
      assert.equal(hit.headers['content-encoding'], 'br');
      assert.equal(hit.headers.etag, miss.headers.etag);
      assert.ok(hit.rawPayload.length < html.length / 3, 'much smaller than the page');
      const gzip = await get('/', { 'accept-encoding': 'br;q=0, gzip' });
      assert.equal(gzip.headers['content-encoding'], 'gzip');
      assert.equal(zlib.gunzipSync(gzip.rawPayload).toString(), html);
      const plain = await get('/');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body, html);
      const etags = new Set([hit.headers.etag, gzip.headers.etag, plain.headers.etag]);
      assert.equal(etags.size, 3, 'one ETag per encoding');
      const revalidated = await get('/', {
        'accept-encoding': 'br',
        'if-none-match': String(hit.headers.etag),
      });
      assert.equal(revalidated.statusCode, 304);
      const otherEncoding = await get('/', {
        'accept-encoding': 'gzip',
        'if-none-match': String(hit.headers.etag),
      });
      assert.equal(otherEncoding.statusCode, 200, 'a brotli ETag does not validate the gzip copy');
    });

    it('never serves or stores a page for a signed-in request', async () => {
      const url = '/sections/culture';
      await get(url);
      assert.equal((await get(url)).headers['x-cache'], 'HIT');
      const staff = await get(url, { cookie: `${SESSION_COOKIE}=anything` });
      assert.equal(staff.headers['x-cache'], undefined);
      assert.equal(staff.headers['cache-control'], 'private, no-store');
      const token = await get(url, { authorization: 'Bearer dl_x' });
      assert.equal(token.headers['x-cache'], undefined);
    });

    it('counts views of cached article pages', async () => {
      const [a] = await listLatest(t.db.db, 1);
      const url = `/articles/${a!.id}/${a!.slug}`;
      await t.ctx.views.flush();
      const before = (await listLatest(t.db.db, 1))[0]!.view_count;
      // Three readers (one reader's repeat views within 30 minutes count once).
      for (let i = 0; i < 3; i++) {
        await t.app.inject({ method: 'GET', url, headers: READER, remoteAddress: `192.0.2.${i + 1}` });
      }
      await t.ctx.views.flush();
      assert.equal((await listLatest(t.db.db, 1))[0]!.view_count, before + 3);
    });
  });
}

describe('page cache over a real connection (hits answered before routing)', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as import('node:net').AddressInfo).port}`;
  });
  after(async () => {
    await t?.close();
  });

  it('sends the same page and headers as a miss, answers 304 and HEAD, and counts the view', async () => {
    const [a] = await listLatest(t.db.db, 1);
    const url = `${base}/articles/${a!.id}/${a!.slug}`;
    // Each request another browser: one reader's repeat views within 30 minutes count once.
    const reader = (n: number) => ({ 'user-agent': `${READER['user-agent']} (reader ${n})` });
    const miss = await fetch(url, { headers: READER });
    const missBody = await miss.text();
    assert.equal(miss.headers.get('x-cache'), 'MISS');
    const hit = await fetch(url, { headers: reader(2) });
    assert.equal(hit.headers.get('x-cache'), 'HIT');
    assert.equal(await hit.text(), missBody);
    assert.ok(hit.headers.get('content-encoding'), 'fetch accepts compression, and gets it');
    for (const h of [
      'etag',
      'content-encoding',
      'vary',
      'cache-control',
      'surrogate-key',
      'content-security-policy',
      'x-content-type-options',
      'content-type',
    ]) {
      assert.equal(hit.headers.get(h), miss.headers.get(h), h);
    }
    const notModified = await fetch(url, {
      headers: { ...reader(3), 'if-none-match': String(hit.headers.get('etag')) },
    });
    assert.equal(notModified.status, 304);
    const head = await fetch(url, { method: 'HEAD', headers: READER });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const staff = await fetch(url, { headers: { ...reader(4), cookie: `${SESSION_COOKIE}=x` } });
    assert.equal(staff.headers.get('x-cache'), null);
    await staff.text();
    await t.ctx.views.flush();
    const [after] = await listLatest(t.db.db, 1);
    // The miss, the hit, the revalidation (304) and the staff request are readers loading the page;
    // HEAD is not.
    assert.equal(after!.view_count, a!.view_count + 4);
  });
});

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makeArticle } from '../support/article-list.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';
import { freePort, startVarnish, varnishMissing } from '../support/varnish.ts';

const READER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' };

/** Staff and writers, logged in; the article's writer is one of the reporters. */
async function newsroom(t: TestApp) {
  const login = async (role: 'editor' | 'reporter' | 'contributor') => {
    const u = await NewsroomClient.user(t.ctx, role);
    const c = new NewsroomClient(t.app);
    await c.login(u.email, u.password);
    return { c, uid: u.id };
  };
  const editor = (await login('editor')).c;
  const reporter = (await login('reporter')).c;
  const owner = await login('reporter');
  const contributor = (await login('contributor')).c;
  const id = await makeArticle(t, {
    headline: 'Night Trams Return To Sofia',
    status: 'published',
    section: 'politics',
    owner: owner.uid,
  });
  const a = await t.db.db
    .selectFrom('articles')
    .select(['id', 'slug'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    editor,
    reporter,
    owner: owner.c,
    contributor,
    url: `/articles/${a.id}/${a.slug}`,
    link: new RegExp(`<a href="/newsroom/articles/${a.id}">Edit</a>`),
  };
}

/** Signed-in staff see an "Edit" link on an article's public page; no cache ever keeps such a page. */
for (const dialect of testDialects()) {
  describe(`the Edit link on article pages on ${dialect}`, () => {
    let t: TestApp;
    let n: Awaited<ReturnType<typeof newsroom>>;
    before(async () => {
      t = await startTestApp(dialect);
      n = await newsroom(t);
    });
    after(async () => {
      await t?.close();
    });
    const anonymous = (url: string) => t.app.inject({ method: 'GET', url, headers: READER });

    it('is shown to staff who may open the article, on a page no cache keeps', async () => {
      // A reader's copy is cached first; staff are not given it.
      assert.doesNotMatch((await anonymous(n.url)).body, n.link);
      const staff = await n.editor.get(n.url);
      assert.equal(staff.statusCode, 200);
      assert.match(staff.body, n.link);
      assert.equal(staff.headers['cache-control'], 'private, no-store');
      assert.equal(staff.headers['surrogate-key'], undefined, 'nothing tells Varnish it may keep it');
      assert.notEqual(staff.headers['x-cache'], 'HIT');
      assert.match((await n.owner.get(n.url)).body, n.link, 'the writer of the article');
      // Staff who may not open the article, and a cookie of no live session, see no link.
      assert.doesNotMatch((await n.reporter.get(n.url)).body, n.link);
      assert.doesNotMatch((await n.contributor.get(n.url)).body, n.link);
      const stale = await t.app.inject({
        method: 'GET',
        url: n.url,
        headers: { cookie: 'dateline_session=expired' },
      });
      assert.doesNotMatch(stale.body, n.link);
      assert.equal(stale.headers['cache-control'], 'private, no-store');
    });

    it('an anonymous request after a staff request gets no Edit link, from the cache or freshly made', async () => {
      t.ctx.pageCache.clear();
      assert.match((await n.editor.get(n.url)).body, n.link);
      const first = await anonymous(n.url);
      assert.equal(first.headers['x-cache'], 'MISS');
      assert.match(first.headers['cache-control'] as string, /^public/);
      assert.doesNotMatch(first.body, n.link);
      assert.doesNotMatch(first.body, /newsroom staff only/);
      assert.match((await n.editor.get(n.url)).body, n.link);
      const second = await anonymous(n.url);
      assert.equal(second.headers['x-cache'], 'HIT');
      assert.doesNotMatch(second.body, n.link);
    });
  });
}

const dialect = testDialects()[0]!;
describe(`the Edit link behind Varnish (${dialect})`, { skip: varnishMissing() ?? false }, () => {
  let t: TestApp;
  let n: Awaited<ReturnType<typeof newsroom>>;
  let varnish: Awaited<ReturnType<typeof startVarnish>>;
  before(async () => {
    const varnishPort = await freePort();
    t = await startTestApp(dialect, { env: { VARNISH_URL: `http://127.0.0.1:${varnishPort}` } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    varnish = await startVarnish(varnishPort, (t.app.server.address() as AddressInfo).port);
    n = await newsroom(t);
  });
  after(async () => {
    await varnish?.stop();
    await t?.close();
  });
  const viaVarnish = async (headers: Record<string, string> = {}) => {
    const res = await fetch(varnish.url + n.url, { headers: { ...READER, ...headers } });
    return { body: await res.text(), cache: res.headers.get('x-varnish-cache') };
  };

  it('staff pages pass Varnish by; readers get the shared copy, never the staff one', async () => {
    const staff = { cookie: n.editor.cookie };
    // Staff first, on an empty Varnish: the page with the link goes through and is not kept.
    for (let i = 0; i < 2; i++) {
      const page = await viaVarnish(staff);
      assert.equal(page.cache, 'MISS');
      assert.match(page.body, n.link);
    }
    const reader = await viaVarnish();
    assert.doesNotMatch(reader.body, n.link);
    const again = await viaVarnish();
    assert.equal(again.cache, 'HIT', 'the reader copy is stored');
    assert.doesNotMatch(again.body, n.link);
    // With the reader copy stored, staff still get theirs from Dateline.
    const staffAfter = await viaVarnish(staff);
    assert.equal(staffAfter.cache, 'MISS');
    assert.match(staffAfter.body, n.link);
    assert.doesNotMatch((await viaVarnish()).body, n.link);
  });
});

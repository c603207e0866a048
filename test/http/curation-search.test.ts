import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { listLatest } from '../../src/articles/articles.repository.ts';
import type { Role } from '../../src/core/db/schema.ts';
import { OFFERED } from '../../src/home/curation.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

const SYSTEM = systemActor('test');

/** The ids of the stories offered to pin: every Pin button's article. */
const offered = (html: string) =>
  [...html.matchAll(/action="\/newsroom\/home\/pin"[^>]*>.*?name="article" value="(\d+)"/g)].map((m) =>
    Number(m[1]),
  );
/** The ids of the pinned stories, in order (each has an Unpin button). */
const pinnedIds = (html: string) =>
  [...html.matchAll(/action="\/newsroom\/home\/unpin"[^>]*>.*?name="article" value="(\d+)"/g)].map((m) =>
    Number(m[1]),
  );

for (const dialect of testDialects()) {
  describe(`finding any published story to pin on ${dialect}`, () => {
    let t: TestApp;
    const clients = new Map<Role, NewsroomClient>();
    const editor = () => clients.get('editor')!;

    before(async () => {
      t = await startTestApp(dialect);
      for (const role of ['admin', 'editor', 'reporter', 'contributor'] as const) {
        const u = await NewsroomClient.user(t.ctx, role);
        const c = new NewsroomClient(t.app);
        assert.equal((await c.login(u.email, u.password)).statusCode, 303);
        clients.set(role, c);
      }
    });
    after(async () => {
      await t?.close();
    });

    it('is for editors and admins only, with or without a search', async () => {
      for (const url of ['/newsroom/home', '/newsroom/home?q=budget']) {
        assert.equal((await clients.get('admin')!.get(url)).statusCode, 200, url);
        assert.equal((await editor().get(url)).statusCode, 200, url);
        for (const role of ['reporter', 'contributor'] as const) {
          assert.equal((await clients.get(role)!.get(url)).statusCode, 403, `${role} ${url}`);
        }
        const anonymous = await t.app.inject(url);
        assert.equal(anonymous.statusCode, 303, url);
        assert.match(String(anonymous.headers.location), /^\/newsroom\/login/);
      }
      const story = (await listLatest(t.db.db, 1))[0]!;
      for (const role of ['reporter', 'contributor'] as const) {
        const res = await clients
          .get(role)!
          .post('/newsroom/home/pin', { article: String(story.id), q: 'x' });
        assert.equal(res.statusCode, 403, role);
      }
    });

    it('offers the latest stories without a search, and pins an old story found by its headline', async () => {
      const latest = await listLatest(t.db.db, 80);
      const board = (await editor().get('/newsroom/home')).body;
      assert.deepEqual(
        offered(board),
        latest.slice(0, OFFERED).map((a) => a.id),
      );
      const old = latest[70]!;
      assert.ok(!offered(board).includes(old.id), 'an old story is not among the latest');

      const q = `"${old.headline}"`;
      const found = await editor().get(`/newsroom/home?q=${encodeURIComponent(q)}`);
      assert.equal(found.statusCode, 200);
      assert.equal(offered(found.body)[0], old.id, 'the story whose headline was typed comes first');
      assert.match(found.body, /Published stories matching “/);

      const pin = await editor().post('/newsroom/home/pin', { article: String(old.id), q });
      assert.equal(pin.statusCode, 303);
      assert.equal(
        pin.headers.location,
        `/newsroom/home?${new URLSearchParams({ q })}`,
        'back to the same search',
      );
      const after = (await editor().get(String(pin.headers.location))).body;
      assert.equal(pinnedIds(after)[0], old.id);
      assert.ok(!offered(after).includes(old.id), 'a pinned story is not offered again');
      const home = (await t.app.inject('/')).body;
      const top = home.slice(home.indexOf('id="top-title"'), home.indexOf('id="latest-title"'));
      assert.match(top, new RegExp(`href="/articles/${old.id}/`));
      await editor().post('/newsroom/home/unpin', { article: String(old.id) });
    });

    it('finds published stories only', async () => {
      const words = { section: 'politics', lede: 'A lede.', body: '<p>Text.</p>' };
      const draft = await t.ctx.articles.create({ ...words, headline: 'Quokkafication Draft Plan' }, SYSTEM);
      const search = () => editor().get('/newsroom/home?q=quokkafication');
      let res = await search();
      assert.equal(res.statusCode, 200);
      assert.deepEqual(offered(res.body), []);
      assert.match(res.body, /No published story that is not pinned matches “quokkafication”\./);
      const live = await t.ctx.articles.create(
        { ...words, headline: 'Quokkafication Reaches Parliament', status: 'published' },
        SYSTEM,
      );
      res = await search();
      assert.deepEqual(offered(res.body), [live]);
      assert.ok(!offered(res.body).includes(draft));
      // The search box shows what was searched for.
      assert.match(
        res.body,
        /<input id="q" name="q" aria-describedby="q-hint" type="search" value="quokkafication"/,
      );
    });

    it('answers a search it cannot run with 400 at the search box, and odd words with no error', async () => {
      const tooLong = await editor().get(`/newsroom/home?q=${'a'.repeat(201)}`);
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /Search for at most 200 characters\./);
      assert.match(tooLong.body, /<input id="q" name="q" aria-invalid="true"/);
      assert.equal(offered(tooLong.body).length, OFFERED, 'the latest stories are still offered');
      const twice = await editor().get('/newsroom/home?q=a&q=b');
      assert.equal(twice.statusCode, 400);
      assert.match(twice.body, /Give it once\./);
      for (const q of [
        '"',
        '*',
        'AND OR NOT',
        '%00abc',
        'a%00',
        '-',
        "'; drop table articles; --",
        '%E2%80%AE',
      ]) {
        const res = await editor().get(`/newsroom/home?q=${q}`);
        assert.equal(res.statusCode, 200, q);
      }
      assert.equal((await editor().get('/newsroom/home?q=&other=1')).statusCode, 200);
    });

    it('refuses a pin whose search is too long with 422, pinning nothing', async () => {
      const story = (await listLatest(t.db.db, 1))[0]!;
      const before = await t.ctx.homeCuration.current();
      const res = await editor().post('/newsroom/home/pin', {
        article: String(story.id),
        q: 'a'.repeat(201),
      });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /At most 200 characters/);
      assert.deepEqual(await t.ctx.homeCuration.current(), before);
    });
  });
}

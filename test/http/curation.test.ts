import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

const TEST_ACTOR = systemActor('test');

for (const dialect of testDialects()) {
  describe(`home curation, sections and tags on ${dialect}`, () => {
    let t: TestApp;
    let editor: NewsroomClient;
    let reporter: NewsroomClient;
    before(async () => {
      t = await startTestApp(dialect);
      const e = await NewsroomClient.user(t.ctx, 'editor');
      editor = new NewsroomClient(t.app);
      await editor.login(e.email, e.password);
      const r = await NewsroomClient.user(t.ctx, 'reporter');
      reporter = new NewsroomClient(t.app);
      await reporter.login(r.email, r.password);
    });
    after(async () => {
      await t?.close();
    });

    const topStories = async () => {
      const html = (await t.app.inject('/')).body;
      const box = html.slice(html.indexOf('id="top-title"'), html.indexOf('id="latest-title"'));
      return [...box.matchAll(/<a href="\/articles\/(\d+)\//g)].map((m) => Number(m[1]));
    };

    it('pins and orders top stories; the rest fall back to the latest', async () => {
      const latest = await listLatest(t.db.db, 40);
      const [x, y] = [latest[30]!.id, latest[35]!.id];
      assert.equal((await reporter.post('/newsroom/home/pin', { article: String(x) })).statusCode, 403);
      assert.equal((await editor.post('/newsroom/home/pin', { article: String(x) })).statusCode, 303);
      assert.equal((await editor.post('/newsroom/home/pin', { article: String(y) })).statusCode, 303);
      let top = await topStories();
      assert.deepEqual(top.slice(0, 3), [y, x, latest[0]!.id]);
      await editor.post('/newsroom/home/down', { article: String(y) });
      top = await topStories();
      assert.deepEqual(top.slice(0, 2), [x, y]);
      await editor.post('/newsroom/home/unpin', { article: String(x) });
      await editor.post('/newsroom/home/unpin', { article: String(y) });
      top = await topStories();
      assert.equal(top[0], latest[0]!.id);
      const draft = await t.ctx.articles.create({ headline: 'Draft', section: 'politics' }, TEST_ACTOR);
      const refused = await editor.post('/newsroom/home/pin', { article: String(draft) });
      assert.equal(refused.statusCode, 422);
    });

    it('creates, renames (old address redirects) and deletes only empty sections', async () => {
      const created = await editor.post('/newsroom/sections', {
        name: 'Climate',
        parent: 'world',
        description: 'Climate news',
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 300));
      assert.equal((await t.app.inject('/sections/climate')).statusCode, 200);
      const id = t.ctx.sections.bySlugOrUndefined('climate')!.id;
      const renamed = await editor.post(`/newsroom/sections/${id}`, {
        name: 'Climate and Environment',
        slug: 'climate-environment',
      });
      assert.equal(renamed.statusCode, 303);
      const old = await t.app.inject('/sections/climate');
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, '/sections/climate-environment');
      assert.match((await t.app.inject('/sections/climate-environment')).body, /Climate and Environment/);
      const politics = t.ctx.sections.bySlugOrUndefined('politics')!.id;
      const busy = await editor.post(`/newsroom/sections/${politics}/delete`, {});
      assert.equal(busy.statusCode, 409);
      assert.match(busy.body, /can be deleted only when empty/);
      assert.equal((await editor.post(`/newsroom/sections/${id}/delete`, {})).statusCode, 303);
      assert.equal((await t.app.inject('/sections/climate-environment')).statusCode, 404);
      assert.equal((await reporter.get('/newsroom/sections')).statusCode, 403);
    });

    it('renames and merges tags with redirects, and deletes only unused ones', async () => {
      const tagId = async (slug: string) =>
        (await t.db.db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
      const nato = await tagId('nato');
      assert.equal(
        (
          await editor.post(`/newsroom/tags/${nato}`, {
            name: 'North Atlantic Alliance',
            slug: 'nato-alliance',
          })
        ).statusCode,
        303,
      );
      const old = await t.app.inject('/tags/nato');
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, '/tags/nato-alliance');

      // Merge "Gas" into "Energy": gas articles appear under Energy, and /tags/gas redirects there.
      const gasArticles = await t.db.db
        .selectFrom('article_tags')
        .select('article_id')
        .where('tag_id', '=', await tagId('gas'))
        .execute();
      assert.ok(gasArticles.length > 0);
      const merged = await editor.post(`/newsroom/tags/${await tagId('gas')}/merge`, { into: 'energy' });
      assert.equal(merged.statusCode, 303, merged.body.slice(0, 300));
      const energy = await tagId('energy');
      const onEnergy = await t.db.db
        .selectFrom('article_tags')
        .select('article_id')
        .where('tag_id', '=', energy)
        .execute();
      for (const g of gasArticles) assert.ok(onEnergy.some((e) => e.article_id === g.article_id));
      const gasUrl = await t.app.inject('/tags/gas');
      assert.equal(gasUrl.statusCode, 301);
      assert.equal(gasUrl.headers.location, '/tags/energy');

      assert.equal((await editor.post(`/newsroom/tags/${energy}/delete`, {})).statusCode, 409);
      const lonely = await t.db.db
        .insertInto('tags')
        .values({ slug: 'unused-tag', name: 'Unused' })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal((await editor.post(`/newsroom/tags/${lonely.id}/delete`, {})).statusCode, 303);
      assert.equal((await t.app.inject('/tags/unused-tag')).statusCode, 404);
      const admin = await NewsroomClient.user(t.ctx, 'admin');
      const a = new NewsroomClient(t.app);
      await a.login(admin.email, admin.password);
      const log = (await a.get('/newsroom/audit')).body;
      for (const action of ['tag.merge', 'tag.delete', 'section.delete', 'home.curate'])
        assert.match(log, new RegExp(action.replace('.', '\\.')));
    });
  });
}

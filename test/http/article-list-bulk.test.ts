import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { listedIds, makeArticle } from '../support/article-list.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** The article list's bulk actions: editors only, with the form token, each change audited. */
for (const dialect of testDialects()) {
  describe(`article list bulk actions on ${dialect}`, () => {
    let t: TestApp;
    let editor: NewsroomClient;
    let reporter: NewsroomClient;
    let contributor: NewsroomClient;
    let ownerId: number;
    const id: Record<string, number> = {};

    before(async () => {
      t = await startTestApp(dialect);
      const login = async (role: 'editor' | 'reporter' | 'contributor') => {
        const u = await NewsroomClient.user(t.ctx, role);
        const c = new NewsroomClient(t.app);
        await c.login(u.email, u.password);
        return { c, uid: u.id };
      };
      editor = (await login('editor')).c;
      reporter = (await login('reporter')).c;
      ownerId = (await login('reporter')).uid;
      contributor = (await login('contributor')).c;
      id.draft = await makeArticle(t, { headline: 'Night Tram Draft', status: 'draft', section: 'politics' });
      id.otherDraft = await makeArticle(t, { headline: 'Second Night Tram Draft', status: 'draft' });
      id.published = await makeArticle(t, {
        headline: 'Night Trams Return To Sofia',
        status: 'published',
        section: 'politics',
        tags: ['Transport'],
        owner: ownerId,
      });
    });
    after(async () => {
      await t?.close();
    });

    const bulk = (c: NewsroomClient, fields: Record<string, string | string[]>, opts?: { csrf?: boolean }) =>
      c.post('/newsroom/articles/bulk', { back: 'q=tram&sort=updated', ...fields }, opts);
    const row = (articleId: number) =>
      t.db.db.selectFrom('articles').selectAll().where('id', '=', articleId).executeTakeFirst();
    const audits = (action: string) =>
      t.db.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
    const revisions = async (articleId: number) =>
      (
        await t.db.db
          .selectFrom('article_revisions')
          .select('id')
          .where('article_id', '=', articleId)
          .execute()
      ).length;
    const anonymous = (url: string) => t.app.inject({ method: 'GET', url });

    it('moves articles to a section: a new version and revision each, audited, the public pages purged', async () => {
      const published = (await row(id.published!))!;
      const url = `/articles/${published.id}/${published.slug}`;
      assert.equal((await anonymous(url)).headers['x-cache'], 'MISS');
      assert.equal((await anonymous(url)).headers['x-cache'], 'HIT');
      const before = { draft: (await row(id.draft!))!, revisions: await revisions(id.published!) };
      const res = await bulk(editor, {
        ids: [String(id.draft), String(id.published)],
        action: 'move',
        section: 'culture',
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      assert.match(res.body, /Moved 2 of the selected articles\./);
      const culture = t.ctx.sections.bySlugOrUndefined('culture')!;
      for (const [a, was] of [
        [(await row(id.draft!))!, before.draft],
        [(await row(id.published!))!, published],
      ] as const) {
        assert.equal(a.section_id, culture.id);
        assert.equal(a.root_section_id, culture.id);
        assert.equal(a.version, was.version + 1);
      }
      assert.equal(await revisions(id.published!), before.revisions + 1);
      const moved = await audits('article.move');
      assert.deepEqual(
        moved.map((e) => [e.subject, JSON.parse(e.details).from, JSON.parse(e.details).to]),
        [
          [`article:${id.draft}`, 'politics', 'culture'],
          [`article:${id.published}`, 'politics', 'culture'],
        ],
      );
      const after = await anonymous(url);
      assert.equal(after.headers['x-cache'], 'MISS', 'the cached page was purged');
      assert.match(after.body, /<a href="\/sections\/culture" aria-current="page">Culture<\/a>/);
      // The same move again changes nothing and says why.
      const again = await bulk(editor, { ids: String(id.draft), action: 'move', section: 'culture' });
      assert.match(again.body, /Moved 0 of the selected articles\./);
      assert.match(again.body, /Night Tram Draft: It is in Culture already\./);
    });

    it('adds a tag: the tag pages show it; an article with the tag already is skipped', async () => {
      const res = await bulk(editor, {
        ids: [String(id.published), String(id.otherDraft)],
        action: 'tag',
        tag: 'Night Life',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Tagged 2 of the selected articles\./);
      const tagged = await t.db.db
        .selectFrom('article_tags as at')
        .innerJoin('tags as tg', 'tg.id', 'at.tag_id')
        .select('at.article_id')
        .where('tg.slug', '=', 'night-life')
        .execute();
      assert.deepEqual(
        tagged.map((r) => r.article_id).sort((a, b) => a - b),
        [id.otherDraft, id.published].sort((a, b) => a! - b!),
      );
      assert.match((await anonymous('/tags/night-life')).body, /Night Trams Return To Sofia/);
      assert.equal((await audits('article.tag')).length, 2);
      const again = await bulk(editor, { ids: String(id.published), action: 'tag', tag: 'night life' });
      assert.match(again.body, /It has the tag &quot;night life&quot; already\./);
      assert.equal((await audits('article.tag')).length, 2);
    });

    it('deletes drafts only: others are skipped and named; each deletion audited', async () => {
      const res = await bulk(editor, {
        ids: [String(id.otherDraft), String(id.published), '999999'],
        action: 'delete',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Deleted 1 of the selected articles\./);
      assert.match(res.body, /Night Trams Return To Sofia: Only drafts can be deleted\./);
      assert.match(res.body, /#999999: It no longer exists\./);
      assert.equal(await row(id.otherDraft!), undefined);
      assert.ok(await row(id.published!));
      const deleted = await audits('article.delete');
      assert.deepEqual(
        deleted.map((e) => [e.subject, JSON.parse(e.details).headline]),
        [[`article:${id.otherDraft}`, 'Second Night Tram Draft']],
      );
      // The list shown afterwards is the one the action was taken from, without the deleted draft.
      assert.ok(!listedIds(res.body).includes(id.otherDraft!));
      assert.deepEqual(listedIds((await editor.get('/newsroom/articles?q=second+night')).body), []);
    });

    it('needs an editor, and the form token', async () => {
      const fields = { ids: String(id.draft), action: 'delete' };
      for (const c of [reporter, contributor]) assert.equal((await bulk(c, fields)).statusCode, 403);
      const noCsrf = await bulk(editor, fields, { csrf: false });
      assert.equal(noCsrf.statusCode, 403);
      const forged = await bulk(editor, { ...fields, _csrf: 'x'.repeat(43) });
      assert.equal(forged.statusCode, 403);
      const anon = await t.app.inject({
        method: 'POST',
        url: '/newsroom/articles/bulk',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'ids=1&action=delete',
      });
      assert.equal(anon.statusCode, 401);
      assert.ok(await row(id.draft!), 'nothing was deleted');
      assert.equal((await audits('article.delete')).length, 1);
    });

    it('refuses bad bulk input with 422 at the field, changing nothing', async () => {
      const bad: [Record<string, string | string[]>, string][] = [
        [{ action: 'delete' }, 'Select at least one article'],
        [{ ids: 'abc', action: 'delete' }, 'Not an article'],
        [{ ids: '99999999999', action: 'delete' }, 'Not an article'],
        [
          { ids: Array.from({ length: 101 }, (_, i) => String(500_000 + i)), action: 'delete' },
          'Select at most 100 articles',
        ],
        [{ ids: String(id.draft), action: 'explode' }, 'Choose what to do'],
        [{ ids: String(id.draft), action: 'move' }, 'Choose the section to move them to'],
        [
          { ids: String(id.draft), action: 'move', section: 'nowhere' },
          'Choose a section to move the articles to',
        ],
        [{ ids: String(id.draft), action: 'tag', tag: '   ' }, 'Enter the tag to add'],
        [{ ids: String(id.draft), action: 'tag', tag: '<b></b>' }, 'Enter the tag to add'],
      ];
      const version = (await row(id.draft!))!.version;
      for (const [fields, message] of bad) {
        const res = await bulk(editor, fields);
        assert.equal(res.statusCode, 422, `${JSON.stringify(fields).slice(0, 80)}: ${res.statusCode}`);
        assert.match(res.body, new RegExp(message), JSON.stringify(fields).slice(0, 80));
        assert.match(res.body, /<h1 class="page-title">All articles<\/h1>/);
      }
      assert.equal((await row(id.draft!))!.version, version);
      // A list address that is not one still answers with the refusal, not a failure.
      assert.equal((await bulk(editor, { action: 'delete', back: 'status=%00' })).statusCode, 400);
    });
  });
}

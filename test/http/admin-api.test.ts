import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorsOfArticle, tagsOfArticle } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { articleForm, idFromLocation, NewsroomClient } from '../support/newsroom.ts';

for (const dialect of testDialects()) {
  describe(`admin API on ${dialect}`, () => {
    let t: TestApp;
    let reporterToken: string;
    let editorToken: string;
    let reporterUi: NewsroomClient;
    before(async () => {
      t = await startTestApp(dialect);
      const reporter = await NewsroomClient.user(t.ctx, 'reporter');
      const editor = await NewsroomClient.user(t.ctx, 'editor');
      reporterToken = (await t.ctx.accounts.createApiToken(reporter.id, 'test')).token;
      editorToken = (await t.ctx.accounts.createApiToken(editor.id, 'test')).token;
      reporterUi = new NewsroomClient(t.app);
      await reporterUi.login(reporter.email, reporter.password);
    });
    after(async () => {
      await t?.close();
    });

    const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    const content = {
      headline: 'Port of Varna Expands Container Terminal',
      place: 'Varna',
      lede: 'The port authority opened a second container berth.',
      body: '<p>Work took two years.</p><p>Capacity <b>doubles</b>.</p>',
      section: 'economy',
      tags: ['Ports', 'Black Sea'],
      kind: 'staff',
    };

    it('refuses requests without a valid token', async () => {
      assert.equal((await call('POST', '/api/admin/v1/articles', null, content)).statusCode, 401);
      const bad = await call('POST', '/api/admin/v1/articles', 'dl_not-a-token', content);
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().error.code, 'unauthorized');
    });

    it('lets a reporter create and update a draft but not publish it', async () => {
      const created = await call('POST', '/api/admin/v1/articles', reporterToken, content);
      assert.equal(created.statusCode, 201, created.body);
      const a = created.json();
      assert.equal(a.status, 'draft');
      assert.equal(a.version, 1);
      assert.equal(a.body, '<p>Work took two years.</p><p>Capacity <strong>doubles</strong>.</p>');
      const updated = await call('PUT', `/api/admin/v1/articles/${a.id}`, reporterToken, {
        ...content,
        lede: 'New lede.',
        version: 1,
      });
      assert.equal(updated.statusCode, 200, updated.body);
      assert.equal(updated.json().version, 2);
      const stale = await call('PUT', `/api/admin/v1/articles/${a.id}`, reporterToken, {
        ...content,
        version: 1,
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'conflict');
      const publish = await call('POST', `/api/admin/v1/articles/${a.id}/publish`, reporterToken, {});
      assert.equal(publish.statusCode, 403);
    });

    it('lets an editor publish, schedule and unpublish, and the site follows', async () => {
      const a = (await call('POST', '/api/admin/v1/articles', editorToken, content)).json();
      const pub = await call('POST', `/api/admin/v1/articles/${a.id}/publish`, editorToken, { version: 1 });
      assert.equal(pub.statusCode, 200, pub.body);
      const page = await t.app.inject(`/articles/${a.id}/${a.slug}`);
      assert.equal(page.statusCode, 200);
      assert.match((await t.app.inject('/sections/economy')).body, new RegExp(`/articles/${a.id}/`));
      const un = await call('POST', `/api/admin/v1/articles/${a.id}/unpublish`, editorToken, {});
      assert.equal(un.json().status, 'unpublished');
      assert.equal((await t.app.inject(`/articles/${a.id}/${a.slug}`)).statusCode, 410);

      const once = await call('POST', '/api/admin/v1/articles', editorToken, { ...content, publish: true });
      assert.equal(once.statusCode, 201);
      assert.equal(once.json().status, 'published');
      assert.equal((await t.app.inject(`/articles/${once.json().id}/${once.json().slug}`)).statusCode, 200);
      const notAllowed = await call('POST', '/api/admin/v1/articles', reporterToken, {
        ...content,
        publish: true,
      });
      assert.equal(notAllowed.statusCode, 403);

      const b = (await call('POST', '/api/admin/v1/articles', editorToken, content)).json();
      const at = new Date(Date.now() + 3600_000).toISOString();
      const sch = await call('POST', `/api/admin/v1/articles/${b.id}/schedule`, editorToken, { at });
      assert.equal(sch.statusCode, 200, sch.body);
      assert.equal(sch.json().scheduledAt, at);
      const past = await call('POST', `/api/admin/v1/articles/${b.id}/schedule`, editorToken, {
        at: '2001-01-01T00:00:00Z',
      });
      assert.equal(past.statusCode, 422);
    });

    it('answers bad input with a clear error and the right status', async () => {
      const invalid = await call('POST', '/api/admin/v1/articles', editorToken, {
        headline: '',
        section: 'economy',
      });
      assert.equal(invalid.statusCode, 422);
      assert.ok(invalid.json().error.fields.headline);
      const unknown = await call('POST', '/api/admin/v1/articles', editorToken, {
        headline: 'X',
        section: 'atlantis',
      });
      assert.equal(unknown.statusCode, 422);
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: { authorization: `Bearer ${editorToken}`, 'content-type': 'application/json' },
        payload: '{"headline": ',
      });
      assert.equal(malformed.statusCode, 400);
      const huge = await call('POST', '/api/admin/v1/articles', editorToken, {
        ...content,
        body: 'x'.repeat(2 * 1024 * 1024),
      });
      assert.equal(huge.statusCode, 413);
      assert.equal((await call('GET', '/api/admin/v1/articles/999999', editorToken)).statusCode, 404);
    });

    it('stores the same article from the API as from the browser form', async () => {
      const viaApi = (
        await call('POST', '/api/admin/v1/articles', reporterToken, {
          ...content,
          tags: ['Ports', 'Black Sea'],
        })
      ).json();
      const viaForm = idFromLocation(
        await reporterUi.post(
          '/newsroom/articles',
          articleForm({ ...content, tags: 'Ports, Black Sea', body: content.body, place: content.place }),
        ),
      );
      const load = async (id: number) => {
        const row = await t.db.db
          .selectFrom('articles')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const { id: _i, created_at: _c, updated_at: _u, ...rest } = row;
        return {
          ...rest,
          tags: (await tagsOfArticle(t.db.db, id)).map((x) => x.slug),
          authors: (await authorsOfArticle(t.db.db, id)).map((x) => x.slug),
        };
      };
      assert.deepEqual(await load(viaForm), await load(viaApi.id));
    });

    it('documents itself as OpenAPI', async () => {
      const doc = (await t.app.inject('/api/openapi.json')).json();
      assert.equal(doc.openapi, '3.0.3');
      for (const p of [
        '/api/admin/v1/articles',
        '/api/admin/v1/articles/{id}',
        '/api/admin/v1/articles/{id}/publish',
      ]) {
        assert.ok(doc.paths[p], p);
      }
      const page = await t.app.inject('/api/docs');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /POST \/api\/admin\/v1\/articles\/\{id\}\/schedule/);
    });
  });
}

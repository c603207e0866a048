import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_FAILED_LOGINS } from '../../src/accounts/accounts.service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { articleForm, idFromLocation, NewsroomClient } from '../support/newsroom.ts';

for (const dialect of testDialects()) {
  describe(`newsroom on ${dialect}`, () => {
    let t: TestApp;
    let reporter: NewsroomClient;
    let other: NewsroomClient;
    let editor: NewsroomClient;
    let admin: NewsroomClient;
    before(async () => {
      // Requests arrive from 127.0.0.1, named as the trusted proxy (the Secure-cookie test sends X-Forwarded-Proto).
      t = await startTestApp(dialect, { env: { TRUST_PROXY: '127.0.0.1' } });
      const mk = async (role: 'reporter' | 'editor' | 'admin') => {
        const u = await NewsroomClient.user(t.ctx, role);
        const c = new NewsroomClient(t.app);
        const res = await c.login(u.email, u.password);
        assert.equal(res.statusCode, 303, res.body.slice(0, 500));
        return c;
      };
      reporter = await mk('reporter');
      other = await mk('reporter');
      editor = await mk('editor');
      admin = await mk('admin');
    });
    after(async () => {
      await t?.close();
    });

    it('suggests tags (existing first) and a dateline to writers only', async () => {
      const text = {
        headline: 'NATO ministers meet in Brussels as Ukraine asks for air defence',
        lede: 'Ministers from NATO countries met in Brussels on Thursday.',
        body: '<p>Oleh Marchenko said Kyiv needed help.</p>',
        tags: '',
      };
      const res = await reporter.post('/newsroom/articles/suggest', text);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json() as { tags: { name: string; existing: boolean }[]; place: string | null };
      assert.equal(s.place, 'Brussels');
      assert.ok(
        s.tags.some((x) => x.name === 'NATO' && x.existing),
        JSON.stringify(s.tags),
      );
      assert.ok(
        s.tags.some((x) => x.name === 'Kyiv' && !x.existing),
        JSON.stringify(s.tags),
      );
      const empty = await reporter.post('/newsroom/articles/suggest', { headline: '', lede: '', body: '' });
      assert.equal(empty.statusCode, 400);
      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/newsroom/articles/suggest',
        payload: text,
      });
      assert.ok([401, 403].includes(anonymous.statusCode), String(anonymous.statusCode));
      const noCsrf = await reporter.post('/newsroom/articles/suggest', text, { csrf: false });
      assert.equal(noCsrf.statusCode, 403);
    });

    it('sends visitors without a session to the login page, and API calls get 401', async () => {
      const res = await t.app.inject('/newsroom');
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), /^\/newsroom\/login\?next=/);
      const post = await t.app.inject({ method: 'POST', url: '/newsroom/articles', payload: {} });
      assert.equal(post.statusCode, 401);
    });

    it('sets an HttpOnly, SameSite=Lax session cookie and rotates the session id at login', async () => {
      const u = await NewsroomClient.user(t.ctx, 'reporter');
      const c = new NewsroomClient(t.app);
      const first = await c.login(u.email, u.password);
      const setCookie = [first.headers['set-cookie']].flat().find((x) => x?.startsWith('dateline_session='))!;
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/);
      const old = c.cookie;
      await c.login(u.email, u.password);
      assert.notEqual(c.cookie, old);
      const withOld = await t.app.inject({ method: 'GET', url: '/newsroom', headers: { cookie: old } });
      assert.equal(withOld.statusCode, 303, 'the old session id no longer works');
      assert.equal((await c.get('/newsroom')).statusCode, 200);
    });

    it('marks the session cookie Secure behind HTTPS', async () => {
      const u = await NewsroomClient.user(t.ctx, 'reporter');
      const form = await t.app.inject({
        method: 'GET',
        url: '/newsroom/login',
        headers: { 'x-forwarded-proto': 'https' },
      });
      const pre = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const res = await t.app.inject({
        method: 'POST',
        url: '/newsroom/login',
        headers: { 'x-forwarded-proto': 'https', cookie: String(form.headers['set-cookie']).split(';')[0]! },
        payload: { _csrf: pre, email: u.email, password: u.password },
      });
      assert.equal(res.statusCode, 303);
      const session = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('dateline_session='))!;
      assert.match(session, /; Secure/);
      assert.match(session, /HttpOnly/);
    });

    it('stops an address that keeps guessing one account, with the same answer as any failure', async () => {
      const u = await NewsroomClient.user(t.ctx, 'reporter');
      const c = new NewsroomClient(t.app);
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
        const res = await c.login(u.email, 'wrong password!');
        assert.equal(res.statusCode, 401);
      }
      const locked = await c.login(u.email, u.password);
      assert.equal(locked.statusCode, 401);
      assert.ok(locked.body.includes('The email or password is not right.'));
      const log = await admin.get('/newsroom/audit');
      assert.match(log.body, /login\.lockout/);
    });

    it('refuses a state-changing form without the CSRF token', async () => {
      const none = await reporter.post('/newsroom/articles', articleForm(), { csrf: false });
      assert.equal(none.statusCode, 403);
      const wrong = await reporter.post('/newsroom/articles', { ...articleForm(), _csrf: 'x'.repeat(32) });
      assert.equal(wrong.statusCode, 403);
      const ok = await reporter.post('/newsroom/articles', articleForm());
      assert.equal(ok.statusCode, 303);
    });

    it('keeps reporters to their own unpublished work and out of admin pages', async () => {
      const created = await other.post(
        '/newsroom/articles',
        articleForm({ headline: 'Other Reporter Draft' }),
      );
      const otherId = idFromLocation(created);
      assert.equal((await reporter.get(`/newsroom/articles/${otherId}`)).statusCode, 403);
      assert.equal(
        (await reporter.post(`/newsroom/articles/${otherId}`, { ...articleForm(), version: '1' })).statusCode,
        403,
      );
      const mine = idFromLocation(await reporter.post('/newsroom/articles', articleForm()));
      const publish = await reporter.post(`/newsroom/articles/${mine}/transition`, {
        action: 'publish',
        version: '1',
      });
      assert.equal(publish.statusCode, 403);
      assert.equal((await reporter.get('/newsroom/users')).statusCode, 403);
      assert.equal((await reporter.get('/newsroom/audit')).statusCode, 403);
      assert.equal((await editor.get('/newsroom/users')).statusCode, 403);
      assert.equal((await admin.get('/newsroom/users')).statusCode, 200);
    });

    it('runs the workflow: write, submit, review, publish, correct, unpublish', async () => {
      const id = idFromLocation(
        await reporter.post(
          '/newsroom/articles',
          articleForm({ headline: 'Grain Corridor Reopens to Shipping', tags: 'Black Sea, Ukraine' }),
        ),
      );
      const submitted = await reporter.post(`/newsroom/articles/${id}/transition`, {
        action: 'submit',
        version: '1',
      });
      assert.equal(submitted.statusCode, 303);
      // Once submitted the reporter can no longer change it.
      const late = await reporter.post(`/newsroom/articles/${id}`, { ...articleForm(), version: '2' });
      assert.equal(late.statusCode, 403);
      const queue = await editor.get('/newsroom');
      assert.match(queue.body, /Grain Corridor Reopens to Shipping/);
      assert.equal(
        (await editor.post(`/newsroom/articles/${id}/comments`, { comment: 'Add the tonnage.' })).statusCode,
        303,
      );
      const pub = await editor.post(`/newsroom/articles/${id}/transition`, {
        action: 'publish',
        version: '2',
      });
      assert.equal(pub.statusCode, 303, pub.body.slice(0, 300));
      await t.ctx.events.settled();

      const row = await t.db.db
        .selectFrom('articles')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const url = `/articles/${id}/${row.slug}`;
      const page = await t.app.inject(url);
      assert.equal(page.statusCode, 200);
      for (const listing of ['/', '/sections/politics', '/sections/bulgaria', '/tags/black-sea']) {
        const res = await t.app.inject(listing);
        assert.ok(res.body.includes(`href="${url}"`), `${listing} lists the new article`);
      }

      // A correction keeps the URL and first publish time, sets the updated time and shows the note.
      const corrected = await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Grain Corridor Reopens to Shipping', tags: 'Black Sea, Ukraine' }),
        version: String(row.version),
        correction: 'An earlier version gave the wrong date for the reopening.',
      });
      assert.equal(corrected.statusCode, 303, corrected.body.slice(0, 300));
      const after = await t.db.db
        .selectFrom('articles')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(after.published_at, row.published_at);
      assert.equal(after.slug, row.slug);
      const page2 = await t.app.inject(url);
      assert.match(page2.body, /An earlier version gave the wrong date for the reopening\./);

      const un = await editor.post(`/newsroom/articles/${id}/transition`, {
        action: 'unpublish',
        version: String(after.version),
      });
      assert.equal(un.statusCode, 303);
      assert.equal((await t.app.inject(url)).statusCode, 410);
      assert.ok(!(await t.app.inject('/tags/black-sea')).body.includes(`href="${url}"`));
      const log = await admin.get('/newsroom/audit');
      assert.match(log.body, /article\.publish/);
      assert.match(log.body, /article\.unpublish/);
    });

    it('refuses the later of two saves from the same version, overwriting nothing', async () => {
      const id = idFromLocation(
        await reporter.post('/newsroom/articles', articleForm({ headline: 'First Headline' })),
      );
      const a = await reporter.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Saved By Tab A' }),
        version: '1',
      });
      assert.equal(a.statusCode, 303);
      const b = await reporter.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Saved By Tab B' }),
        version: '1',
      });
      assert.equal(b.statusCode, 409);
      assert.match(b.body, /Someone else saved/);
      assert.match(b.body, /value="Saved By Tab B"/, 'what was typed is shown again');
      const row = await t.db.db
        .selectFrom('articles')
        .select('headline')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.headline, 'Saved By Tab A');
    });

    it('keeps every save as a revision, diffs two and restores one', async () => {
      const id = idFromLocation(
        await reporter.post('/newsroom/articles', articleForm({ headline: 'Version One' })),
      );
      await reporter.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Version Two' }),
        version: '1',
      });
      await reporter.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Version Three' }),
        version: '2',
      });
      const revs = await t.db.db
        .selectFrom('article_revisions')
        .select(['id', 'version'])
        .where('article_id', '=', id)
        .orderBy('version')
        .execute();
      assert.deepEqual(
        revs.map((r) => r.version),
        [1, 2, 3],
      );
      const diff = await reporter.get(`/newsroom/articles/${id}/revisions?a=${revs[0]!.id}&b=${revs[2]!.id}`);
      assert.equal(diff.statusCode, 200);
      assert.match(diff.body, /<del>One<\/del>/);
      assert.match(diff.body, /<ins>Three<\/ins>/);
      const restore = await reporter.post(`/newsroom/articles/${id}/restore`, {
        revision: String(revs[0]!.id),
        version: '3',
      });
      assert.equal(restore.statusCode, 303);
      const row = await t.db.db
        .selectFrom('articles')
        .select(['headline', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.headline, 'Version One');
      assert.equal(row.version, 4);
    });

    it('renders script and event-handler payloads from every editable field inert', async () => {
      const x = '<script>alert(1)</script>" onmouseover="alert(1)';
      const id = idFromLocation(
        await editor.post(
          '/newsroom/articles',
          articleForm({
            headline: `H ${x}`,
            place: `P ${x}`,
            lede: `L ${x}`,
            body: `<p onclick="a()">B</p>${x}`,
            tags: `T ${x}`,
          }),
        ),
      );
      await editor.post(`/newsroom/articles/${id}/transition`, { action: 'publish', version: '1' });
      const row = await t.db.db
        .selectFrom('articles')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      for (const url of [`/articles/${id}/${row.slug}`, '/', '/sections/politics']) {
        const res = await t.app.inject(url);
        assert.doesNotMatch(res.body, /<script>alert/);
        assert.doesNotMatch(res.body, /<p onclick/);
        assert.doesNotMatch(res.body, /<[a-z]+[^>]* onmouseover="alert/);
      }
      const editorPage = await editor.get(`/newsroom/articles/${id}`);
      assert.doesNotMatch(editorPage.body, /<script>alert/);
    });

    it('ends every session of a user the moment an admin disables them', async () => {
      const u = await NewsroomClient.user(t.ctx, 'reporter');
      const c = new NewsroomClient(t.app);
      await c.login(u.email, u.password);
      assert.equal((await c.get('/newsroom')).statusCode, 200);
      const res = await admin.post(`/newsroom/users/${u.id}/disable`, {});
      assert.equal(res.statusCode, 303);
      assert.equal((await c.get('/newsroom')).statusCode, 303);
      assert.equal((await c.login(u.email, u.password)).statusCode, 401);
    });

    it('an address no route serves is a 404, not a page of the newsroom', async () => {
      const res = await editor.get('/newsroom/no-such-thing');
      assert.equal(res.statusCode, 404);
    });
  });
}

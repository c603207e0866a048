import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { systemActor } from '../../src/accounts/actor.ts';
import { findArticleById } from '../../src/articles/articles.repository.ts';
import type { Role } from '../../src/core/db/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { articleForm, idFromLocation, NewsroomClient } from '../support/newsroom.ts';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36';
const LINK = /http:\/\/localhost:3000\/preview\/([A-Za-z0-9_-]{43})/;

/** A preview: private, not indexed, marked as one, and never given a canonical address or a view beacon. */
function assertPreview(res: LightMyRequestResponse, headline: string): void {
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.equal(res.headers['cache-control'], 'private, no-store');
  assert.equal(res.headers['x-robots-tag'], 'noindex');
  assert.equal(res.headers['x-cache'], undefined, 'the page cache did not answer or store it');
  assert.equal(res.headers['surrogate-key'], undefined);
  assert.match(res.body, /<meta name="robots" content="noindex"\/?>/);
  assert.match(res.body, /class="preview-banner"><strong>Preview<\/strong>/);
  assert.ok(res.body.includes(headline), 'the article itself');
  assert.doesNotMatch(res.body, /rel="canonical"/);
  assert.doesNotMatch(res.body, /data-view-beacon/);
}

for (const dialect of testDialects()) {
  describe(`article previews and preview links on ${dialect}`, () => {
    let t: TestApp;
    const clients = new Map<Role | 'owner', NewsroomClient>();
    const as = (who: Role | 'owner') => clients.get(who)!;
    let anonymous: NewsroomClient;
    let draftId: number;
    const headline = 'Preview Draft: Parliament Passes Budget';

    before(async () => {
      t = await startTestApp(dialect);
      for (const who of ['admin', 'editor', 'reporter', 'contributor', 'owner'] as const) {
        const u = await NewsroomClient.user(t.ctx, who === 'owner' ? 'reporter' : who);
        const c = new NewsroomClient(t.app);
        assert.equal((await c.login(u.email, u.password)).statusCode, 303);
        clients.set(who, c);
      }
      anonymous = new NewsroomClient(t.app);
      draftId = idFromLocation(await as('owner').post('/newsroom/articles', articleForm({ headline })));
    });
    after(async () => {
      await t?.close();
    });

    /** A new link to the article made by `who`, and its token. */
    const makeLink = async (who: Role | 'owner', id = draftId, hours = '48') => {
      const res = await as(who).post(`/newsroom/articles/${id}/preview-links`, { hours });
      assert.equal(res.statusCode, 201, res.body.slice(0, 300));
      const token = LINK.exec(res.body)?.[1];
      assert.ok(token, 'the link is shown');
      return { res, token };
    };
    const openLink = (token: string) =>
      t.app.inject({ method: 'GET', url: `/preview/${token}`, headers: { 'user-agent': CHROME } });

    it('shows staff who may open the draft its public page, marked as a preview', async () => {
      for (const who of ['owner', 'editor', 'admin'] as const) {
        const res = await as(who).get(`/newsroom/articles/${draftId}/preview`);
        assertPreview(res, headline);
        assert.match(res.body, /This draft is not published\./);
        assert.match(res.body, new RegExp(`href="/newsroom/articles/${draftId}">Back to the editor`));
      }
      for (const who of ['reporter', 'contributor'] as const) {
        assert.equal((await as(who).get(`/newsroom/articles/${draftId}/preview`)).statusCode, 403, who);
      }
      const anon = await anonymous.get(`/newsroom/articles/${draftId}/preview`);
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/newsroom\/login/);
      assert.equal((await as('editor').get('/newsroom/articles/999999/preview')).statusCode, 404);
    });

    it('lets those who may open the article make, list and revoke links; no one else', async () => {
      for (const who of ['owner', 'editor', 'admin'] as const) {
        const list = await as(who).get(`/newsroom/articles/${draftId}/preview-links`);
        assert.equal(list.statusCode, 200, who);
        assert.match(list.body, /Create preview link/);
        await makeLink(who);
      }
      for (const who of ['reporter', 'contributor'] as const) {
        assert.equal((await as(who).get(`/newsroom/articles/${draftId}/preview-links`)).statusCode, 403);
        const made = await as(who).post(`/newsroom/articles/${draftId}/preview-links`, { hours: '48' });
        assert.equal(made.statusCode, 403, who);
        const revoked = await as(who).post(`/newsroom/articles/${draftId}/preview-links/revoke`, {
          link: 'a'.repeat(64),
        });
        assert.equal(revoked.statusCode, 403, who);
      }
      assert.equal((await anonymous.get(`/newsroom/articles/${draftId}/preview-links`)).statusCode, 303);
      const anonPost = await anonymous.post(`/newsroom/articles/${draftId}/preview-links`, { hours: '48' });
      assert.equal(anonPost.statusCode, 401);
      const anonRevoke = await anonymous.post(`/newsroom/articles/${draftId}/preview-links/revoke`, {
        link: 'a'.repeat(64),
      });
      assert.equal(anonRevoke.statusCode, 401);
    });

    it('refuses link forms without the CSRF token', async () => {
      const before = (await t.ctx.previewLinks.live(draftId)).length;
      const made = await as('owner').post(
        `/newsroom/articles/${draftId}/preview-links`,
        { hours: '48' },
        { csrf: false },
      );
      assert.equal(made.statusCode, 403);
      assert.equal((await t.ctx.previewLinks.live(draftId)).length, before);
      const [link] = await t.ctx.previewLinks.live(draftId);
      const revoked = await as('owner').post(
        `/newsroom/articles/${draftId}/preview-links/revoke`,
        { link: link!.token_hash },
        { csrf: false },
      );
      assert.equal(revoked.statusCode, 403);
      assert.equal((await t.ctx.previewLinks.live(draftId)).length, before);
    });

    it('shows a refused link form again in the newsroom, with the message by its field', async () => {
      for (const hours of ['5', '', 'forever']) {
        const res = await as('owner').post(`/newsroom/articles/${draftId}/preview-links`, { hours });
        assert.equal(res.statusCode, 422, hours);
        assert.match(res.body, /<body class="newsroom"/);
        assert.match(
          res.body,
          /<p class="field-error" id="preview-hours-error">Choose how long the link works\.<\/p>/,
        );
      }
      const missing = await as('owner').post(`/newsroom/articles/${draftId}/preview-links`, {});
      assert.equal(missing.statusCode, 422);
      for (const link of ['', 'not-a-hash', 'A'.repeat(64)]) {
        const res = await as('owner').post(`/newsroom/articles/${draftId}/preview-links/revoke`, { link });
        assert.equal(res.statusCode, 422, link);
        assert.match(res.body, /<body class="newsroom"/);
        assert.match(res.body, /This preview link no longer exists\./);
      }
      const unknown = await as('owner').post(`/newsroom/articles/${draftId}/preview-links/revoke`, {
        link: 'f'.repeat(64),
      });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /<body class="newsroom"/);
      assert.match(unknown.body, /This preview link no longer exists\./);
    });

    it('shows the link once, keeps only its hash, and audits its making', async () => {
      const { res, token } = await makeLink('owner', draftId, '24');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /Copy it now: it is not shown again\./);
      const rows = await t.db.db
        .selectFrom('preview_links')
        .selectAll()
        .where('article_id', '=', draftId)
        .execute();
      assert.ok(rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)));
      const made = rows.find((r) => r.expires_at - r.created_at === 24 * 3_600_000);
      assert.ok(made, 'lasts the 24 hours chosen');
      const list = await as('owner').get(`/newsroom/articles/${draftId}/preview-links`);
      assert.ok(!list.body.includes(token), 'the list never shows a token again');
      assert.ok(list.body.includes(made.token_hash), 'each listed link can be revoked');
      const entry = (await t.ctx.audit.list(50)).find(
        (e) => e.action === 'article.preview-link' && e.subject === `article:${draftId}`,
      );
      assert.ok(entry, 'the audit log has the link');
      assert.equal(JSON.parse(entry.details).hours, 24, 'the newest entry, with its lifetime');
    });

    it('shows the draft to anyone holding the link, never caching it, while the public URL stays 404', async () => {
      const { token } = await makeLink('owner');
      const pagesBefore = t.ctx.pageCache.size.pages;
      for (let i = 0; i < 2; i++) {
        const res = await openLink(token);
        assertPreview(res, headline);
        assert.match(res.body, /You are reading this article through a preview link/);
        assert.doesNotMatch(res.body, /Back to the editor/);
      }
      assert.equal(t.ctx.pageCache.size.pages, pagesBefore, 'nothing stored in the page cache');
      const a = (await findArticleById(t.db.db, draftId))!;
      for (const url of [`/articles/${a.id}`, `/articles/${a.id}/${a.slug}`]) {
        for (let i = 0; i < 2; i++) {
          const res = await t.app.inject({ method: 'GET', url, headers: { 'user-agent': CHROME } });
          assert.equal(res.statusCode, 404, url);
          assert.ok(!res.body.includes(headline), 'no preview served at the public address');
        }
      }
    });

    it('answers a revoked, expired, unknown or malformed link with the same 404', async () => {
      const revokedLink = await makeLink('owner');
      // Every link that works now is revoked, this new one among them.
      const live = await t.ctx.previewLinks.live(draftId);
      for (const l of live) {
        const res = await as('owner').post(`/newsroom/articles/${draftId}/preview-links/revoke`, {
          link: l.token_hash,
        });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, `/newsroom/articles/${draftId}/preview-links?done=revoked`);
      }
      const after = await as('owner').get(`/newsroom/articles/${draftId}/preview-links?done=revoked`);
      assert.match(after.body, /The preview link was revoked/);
      assert.match(after.body, /No preview link works now\./);
      const revokes = (await t.ctx.audit.list(100)).filter((e) => e.action === 'article.preview-link.revoke');
      assert.equal(revokes.length, live.length, 'each revoke is audited');

      const expiring = await makeLink('editor');
      await t.db.db
        .updateTable('preview_links')
        .set({ expires_at: Date.now() - 1 })
        .where('article_id', '=', draftId)
        .execute();
      const tokens = [revokedLink.token, expiring.token, 'A'.repeat(43), 'short', `${'b'.repeat(43)}%00`];
      for (const token of tokens) {
        const res = await openLink(token);
        assert.equal(res.statusCode, 404, token);
        assert.equal(res.headers['cache-control'], 'private, no-store');
        assert.equal(res.headers['x-robots-tag'], 'noindex');
        assert.match(res.body, /This preview link has expired or is not known\./);
        assert.ok(!res.body.includes(headline));
      }
    });

    it('never counts a view of a preview', async () => {
      const id = await t.ctx.articles.create(
        {
          headline: 'Published Then Previewed',
          section: 'politics',
          body: '<p>Text.</p>',
          status: 'published',
        },
        systemActor('test'),
      );
      const { token } = await makeLink('editor', id);
      await t.ctx.views.flush();
      const before = (await findArticleById(t.db.db, id))!.view_count;
      await openLink(token);
      await t.app.inject({
        method: 'GET',
        url: `/newsroom/articles/${id}/preview`,
        headers: { cookie: as('editor').cookie, 'user-agent': CHROME },
      });
      await t.ctx.views.flush();
      assert.equal((await findArticleById(t.db.db, id))!.view_count, before, 'previews are not counted');
      // The same reader at the public page is counted: the check above could have seen a view.
      const a = (await findArticleById(t.db.db, id))!;
      const page = await t.app.inject({
        method: 'GET',
        url: `/articles/${id}/${a.slug}`,
        headers: { 'user-agent': CHROME },
      });
      assert.equal(page.statusCode, 200);
      await t.ctx.views.flush();
      assert.equal((await findArticleById(t.db.db, id))!.view_count, before + 1);
    });
  });
}

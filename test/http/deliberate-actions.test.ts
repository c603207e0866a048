import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { findArticleById } from '../../src/articles/articles.repository.ts';
import type { Role } from '../../src/core/db/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { articleForm, idFromLocation, NewsroomClient } from '../support/newsroom.ts';

const NEWSROOM = /<body class="newsroom"/;

/** Restoring a revision and unpublishing: each asks first, says what it does, and is audited. */
for (const dialect of testDialects()) {
  describe(`restore and unpublish with confirmation on ${dialect}`, () => {
    let t: TestApp;
    const clients = new Map<Role | 'owner', NewsroomClient>();
    const as = (who: Role | 'owner') => clients.get(who)!;
    let anonymous: NewsroomClient;

    before(async () => {
      t = await startTestApp(dialect);
      for (const who of ['admin', 'editor', 'reporter', 'contributor', 'owner'] as const) {
        const u = await NewsroomClient.user(t.ctx, who === 'owner' ? 'reporter' : who);
        const c = new NewsroomClient(t.app);
        assert.equal((await c.login(u.email, u.password)).statusCode, 303);
        clients.set(who, c);
      }
      anonymous = new NewsroomClient(t.app);
    });
    after(async () => {
      await t?.close();
    });

    const system = systemActor('test');
    const article = async (id: number) => (await findArticleById(t.db.db, id))!;
    const auditOf = async (action: string, id: number) =>
      (await t.ctx.audit.list(200)).filter((e) => e.action === action && e.subject === `article:${id}`);

    /** An article saved twice (versions 1 and 2) by the system; the first revision's id. */
    const twoVersions = async () => {
      const content = {
        headline: 'Original headline about the budget',
        section: 'politics',
        lede: 'The first lede.',
        body: '<p>The vote was close.</p>',
      };
      const id = await t.ctx.articles.create({ ...content, status: 'draft' }, system);
      await t.ctx.articles.update(
        id,
        { ...content, headline: 'Changed headline about the budget', body: '<p>The vote was late.</p>' },
        { expectedVersion: 1, actor: system },
      );
      const revisions = await t.ctx.articleDesk.revisions(id);
      const first = revisions.find((r) => r.version === 1)!;
      return { id, first: first.id, latest: revisions.find((r) => r.version === 2)!.id };
    };

    describe('restore', () => {
      it('links from the revisions page to a confirmation that shows what will change', async () => {
        const { id, first, latest } = await twoVersions();
        const revisions = await as('editor').get(`/newsroom/articles/${id}/revisions?a=${first}&b=${latest}`);
        assert.equal(revisions.statusCode, 200);
        assert.match(
          revisions.body,
          new RegExp(`href="/newsroom/articles/${id}/restore\\?revision=${first}"`),
        );
        assert.doesNotMatch(
          revisions.body,
          /action="\/newsroom\/articles\/\d+\/restore"/,
          'no one-click restore',
        );

        const page = await as('editor').get(`/newsroom/articles/${id}/restore?revision=${first}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, NEWSROOM);
        assert.match(page.body, /What will change/);
        assert.match(
          page.body,
          /<h3>Headline<\/h3><p class="pre-wrap"><del>Changed<\/del><ins>Original<\/ins> headline/,
        );
        assert.match(page.body, /<h3>Body<\/h3>.*The vote was <del>late<\/del><ins>close<\/ins>\./s);
        assert.doesNotMatch(page.body, /<h3>Lede<\/h3>/, 'unchanged fields are left out');
        assert.match(page.body, new RegExp(`<input type="hidden" name="revision" value="${first}"/>`));
        assert.match(page.body, /<input type="hidden" name="version" value="2"\/>/);
        assert.match(page.body, />Restore version 1<\/button>/);
        assert.equal(
          (await article(id)).headline,
          'Changed headline about the budget',
          'nothing changed yet',
        );
      });

      it('restores on confirmation, as a new version, and audits it', async () => {
        const { id, first } = await twoVersions();
        const res = await as('editor').post(`/newsroom/articles/${id}/restore`, {
          revision: String(first),
          version: '2',
        });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, `/newsroom/articles/${id}?done=restored`);
        const a = await article(id);
        assert.equal(a.headline, 'Original headline about the budget');
        assert.equal(a.version, 3);
        const [entry] = await auditOf('article.restore', id);
        assert.ok(entry, 'the restore is in the audit log');
        assert.equal(entry.user_name !== null, true);
        assert.deepEqual(JSON.parse(entry.details), { revision: first, restoredVersion: 1, version: 3 });
      });

      it('shows the confirmation again when the article changed meanwhile (409), against the new text', async () => {
        const { id, first } = await twoVersions();
        const stale = await as('editor').post(`/newsroom/articles/${id}/restore`, {
          revision: String(first),
          version: '1',
        });
        assert.equal(stale.statusCode, 409);
        assert.match(stale.body, NEWSROOM);
        assert.match(stale.body, /class="flash flash-error" role="alert">Someone else saved/);
        assert.match(stale.body, /<input type="hidden" name="version" value="2"\/>/, 'the current version');
        assert.match(stale.body, /<del>Changed<\/del><ins>Original<\/ins>/);
        assert.equal((await article(id)).version, 2);
        assert.equal((await auditOf('article.restore', id)).length, 0);
      });

      it('answers bad input and unknown revisions in the newsroom', async () => {
        const { id } = await twoVersions();
        const other = await twoVersions();
        for (const revision of ['x', '', '0', '99999999999']) {
          const res = await as('editor').post(`/newsroom/articles/${id}/restore`, { revision, version: '2' });
          assert.equal(res.statusCode, 422, revision);
          assert.match(res.body, NEWSROOM);
          assert.match(res.body, /Choose a revision\./);
          const page = await as('editor').get(`/newsroom/articles/${id}/restore?revision=${revision}`);
          assert.equal(page.statusCode, 422, revision);
          assert.match(page.body, NEWSROOM);
          assert.match(page.body, /Choose a revision\./);
        }
        // Another article's revision is no revision of this one.
        for (const revision of ['999999', String(other.first)]) {
          const res = await as('editor').post(`/newsroom/articles/${id}/restore`, { revision, version: '2' });
          assert.equal(res.statusCode, 404, revision);
          assert.match(res.body, NEWSROOM);
          assert.match(res.body, /No such revision\./);
          const page = await as('editor').get(`/newsroom/articles/${id}/restore?revision=${revision}`);
          assert.equal(page.statusCode, 404);
          assert.match(page.body, NEWSROOM);
        }
        assert.equal((await article(id)).version, 2);
      });

      it('refuses a confirmation without the CSRF token', async () => {
        const { id, first } = await twoVersions();
        const res = await as('editor').post(
          `/newsroom/articles/${id}/restore`,
          { revision: String(first), version: '2' },
          { csrf: false },
        );
        assert.equal(res.statusCode, 403);
        assert.equal((await article(id)).version, 2);
      });

      it('asks only those who may edit the article', async () => {
        const { id, first } = await twoVersions();
        const url = `/newsroom/articles/${id}/restore?revision=${first}`;
        for (const who of ['admin', 'editor'] as const)
          assert.equal((await as(who).get(url)).statusCode, 200, who);
        for (const who of ['reporter', 'contributor'] as const) {
          assert.equal((await as(who).get(url)).statusCode, 403, who);
          const post = await as(who).post(`/newsroom/articles/${id}/restore`, {
            revision: String(first),
            version: '2',
          });
          assert.equal(post.statusCode, 403, who);
        }
        const anon = await anonymous.get(url);
        assert.equal(anon.statusCode, 303);
        assert.match(String(anon.headers.location), /^\/newsroom\/login/);
        const anonPost = await anonymous.post(`/newsroom/articles/${id}/restore`, {
          revision: String(first),
          version: '2',
        });
        assert.equal(anonPost.statusCode, 401);
        assert.equal((await article(id)).version, 2);

        // A reporter restores in their own draft, not once it is with the editors.
        const own = idFromLocation(await as('owner').post('/newsroom/articles', articleForm()));
        const [rev] = await t.ctx.articleDesk.revisions(own);
        const ownUrl = `/newsroom/articles/${own}/restore?revision=${rev!.id}`;
        assert.equal((await as('owner').get(ownUrl)).statusCode, 200);
        await t.ctx.articles.transition(own, 'submit', { actor: system });
        assert.equal((await as('owner').get(ownUrl)).statusCode, 403);
        const late = await as('owner').post(`/newsroom/articles/${own}/restore`, {
          revision: String(rev!.id),
          version: String((await article(own)).version),
        });
        assert.equal(late.statusCode, 403);
      });
    });

    describe('unpublish', () => {
      const published = () =>
        t.ctx.articles.create(
          { headline: 'A Story To Withdraw', section: 'politics', body: '<p>Text.</p>', status: 'published' },
          system,
        );
      const REASON = 'Legal asked us to withdraw it pending review.';

      it('asks for a reason before unpublishing, and audits it with the reason', async () => {
        const id = await published();
        const a = await article(id);
        const page = await as('editor').get(`/newsroom/articles/${id}/unpublish`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, NEWSROOM);
        assert.match(page.body, /<textarea[^>]*name="reason"[^>]*required/);
        assert.match(page.body, new RegExp(`<input type="hidden" name="version" value="${a.version}"/>`));
        assert.equal((await article(id)).status, 'published', 'asking changes nothing');

        const res = await as('editor').post(`/newsroom/articles/${id}/unpublish`, {
          reason: REASON,
          version: String(a.version),
        });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, `/newsroom/articles/${id}?done=unpublish`);
        assert.equal((await article(id)).status, 'unpublished');
        const gone = await t.app.inject({ method: 'GET', url: `/articles/${id}/${a.slug}` });
        assert.equal(gone.statusCode, 410);
        const [entry] = await auditOf('article.unpublish', id);
        assert.ok(entry, 'the unpublish is in the audit log');
        assert.equal(JSON.parse(entry.details).reason, REASON);

        const again = await as('editor').get(`/newsroom/articles/${id}/unpublish`);
        assert.equal(again.statusCode, 200);
        assert.match(again.body, /Only a published article can be unpublished; this one is unpublished\./);
        assert.doesNotMatch(again.body, /name="reason"/);
        const twice = await as('editor').post(`/newsroom/articles/${id}/unpublish`, {
          reason: REASON,
          version: String((await article(id)).version),
        });
        assert.equal(twice.statusCode, 409);
        assert.match(twice.body, NEWSROOM);
      });

      it('requires a reason of at most 500 characters, keeping what was typed', async () => {
        const id = await published();
        const version = String((await article(id)).version);
        for (const reason of ['', '   ']) {
          const res = await as('editor').post(`/newsroom/articles/${id}/unpublish`, { reason, version });
          assert.equal(res.statusCode, 422);
          assert.match(res.body, NEWSROOM);
          assert.match(
            res.body,
            /<p class="field-error" id="reason-error">Give the reason for unpublishing\.<\/p>/,
          );
        }
        const missing = await as('editor').post(`/newsroom/articles/${id}/unpublish`, { version });
        assert.equal(missing.statusCode, 422);
        const long = `${'Too long. '.repeat(50)}x`;
        const res = await as('editor').post(`/newsroom/articles/${id}/unpublish`, { reason: long, version });
        assert.equal(res.statusCode, 422);
        assert.match(res.body, /<p class="field-error" id="reason-error">At most 500 characters<\/p>/);
        assert.ok(res.body.includes(`${long}</textarea>`), 'the reason as typed');
        assert.equal((await article(id)).status, 'published');
        assert.equal((await auditOf('article.unpublish', id)).length, 0);
      });

      it('shows the form again when the article changed meanwhile (409), reason kept', async () => {
        const id = await published();
        const a = await article(id);
        const res = await as('editor').post(`/newsroom/articles/${id}/unpublish`, {
          reason: REASON,
          version: String(a.version - 1 || 999),
        });
        assert.equal(res.statusCode, 409);
        assert.match(res.body, NEWSROOM);
        assert.match(res.body, /class="flash flash-error" role="alert">Someone else saved/);
        assert.ok(res.body.includes(`${REASON}</textarea>`));
        assert.match(res.body, new RegExp(`<input type="hidden" name="version" value="${a.version}"/>`));
        assert.equal((await article(id)).status, 'published');
      });

      it('refuses without the CSRF token', async () => {
        const id = await published();
        const version = String((await article(id)).version);
        const res = await as('editor').post(
          `/newsroom/articles/${id}/unpublish`,
          { reason: REASON, version },
          { csrf: false },
        );
        assert.equal(res.statusCode, 403);
        assert.equal((await article(id)).status, 'published');
      });

      it('is for editors and admins only', async () => {
        const id = await published();
        const version = String((await article(id)).version);
        const url = `/newsroom/articles/${id}/unpublish`;
        for (const who of ['admin', 'editor'] as const)
          assert.equal((await as(who).get(url)).statusCode, 200, who);
        for (const who of ['reporter', 'contributor', 'owner'] as const) {
          assert.equal((await as(who).get(url)).statusCode, 403, who);
          assert.equal((await as(who).post(url, { reason: REASON, version })).statusCode, 403, who);
        }
        const anon = await anonymous.get(url);
        assert.equal(anon.statusCode, 303);
        assert.equal((await anonymous.post(url, { reason: REASON, version })).statusCode, 401);
        assert.equal((await as('editor').get('/newsroom/articles/999999/unpublish')).statusCode, 404);
        const admin = await as('admin').post(url, { reason: REASON, version });
        assert.equal(admin.statusCode, 303);
        assert.equal((await article(id)).status, 'unpublished');
      });
    });
  });
}

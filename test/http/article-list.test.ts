import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { countOf, listedIds, makeArticle, nextLink } from '../support/article-list.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** The newsroom's list of every article: search across statuses, filters, orders, pages, counts, who sees what. */
for (const dialect of testDialects()) {
  describe(`article list on ${dialect}`, () => {
    let t: TestApp;
    let editor: NewsroomClient;
    let reporter: NewsroomClient;
    let otherReporter: NewsroomClient;
    let contributor: NewsroomClient;
    let admin: NewsroomClient;
    const id: Record<string, number> = {};

    before(async () => {
      t = await startTestApp(dialect);
      const login = async (role: 'admin' | 'editor' | 'reporter' | 'contributor') => {
        const u = await NewsroomClient.user(t.ctx, role);
        const c = new NewsroomClient(t.app);
        await c.login(u.email, u.password);
        return { c, uid: u.id };
      };
      const e = await login('editor');
      const r1 = await login('reporter');
      const r2 = await login('reporter');
      const co = await login('contributor');
      [editor, reporter, otherReporter, contributor] = [e.c, r1.c, r2.c, co.c];
      admin = (await login('admin')).c;
      // One rare word in each status, in a different field each time.
      id.draft = await makeArticle(t, {
        headline: 'Quokkalith Depot Draft',
        status: 'draft',
        section: 'politics',
        authors: ['nadia-kostova'],
        owner: r1.uid,
        // 01:30 on the 18th in Sofia is still the 17th in UTC: the day filter must read Sofia's.
        at: [2024, 10, 18, 1, 30],
      });
      id.review = await makeArticle(t, {
        headline: 'Tram Review Story',
        lede: 'The quokkalith question, in review.',
        status: 'in_review',
        section: 'asia',
        kind: 'analysis',
        owner: r1.uid,
        at: [2024, 10, 17, 12, 0],
      });
      id.scheduled = await makeArticle(t, {
        headline: 'Scheduled Quokkalith Plan',
        status: 'scheduled',
        section: 'economy',
        kind: 'brief',
        owner: r2.uid,
        at: [2024, 10, 19, 9, 0],
      });
      id.published = await makeArticle(t, {
        headline: 'Published Report From The Depot',
        body: '<p>The <strong>quokkalith</strong> was shown to the press.</p>',
        status: 'published',
        section: 'europe',
        kind: 'wire',
        authors: ['martin-velchev'],
        owner: r2.uid,
        at: [2024, 10, 16, 10, 0],
      });
      id.unpublished = await makeArticle(t, {
        headline: 'Withdrawn Quokkalith Note',
        status: 'unpublished',
        section: 'politics',
        kind: 'reader',
        owner: co.uid,
        at: [2024, 10, 15, 8, 0],
      });
      id.contributorDraft = await makeArticle(t, {
        headline: 'A Reader Writes About Trams',
        status: 'draft',
        kind: 'reader',
        owner: co.uid,
      });
    });
    after(async () => {
      await t?.close();
    });

    const list = async (c: NewsroomClient, qs: string) => {
      const res = await c.get(`/newsroom/articles${qs ? `?${qs}` : ''}`);
      assert.equal(res.statusCode, 200, `${qs}: ${res.body.slice(0, 400)}`);
      return res.body;
    };
    const ids = async (qs: string, c: NewsroomClient = editor) => listedIds(await list(c, qs));
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

    it('finds a word in every status, and public search finds only the published article', async () => {
      const page = await list(editor, 'q=quokkalith');
      const all = ['draft', 'review', 'scheduled', 'published', 'unpublished'].map((k) => id[k]!);
      assert.deepEqual(sorted(listedIds(page)), sorted(all));
      for (const label of ['Draft', 'In review', 'Scheduled', 'Published', 'Unpublished']) {
        assert.equal(countOf(page, label), 1, label);
      }
      assert.equal(countOf(page, 'All'), 5);
      // A prefix and a phrase, as the reader search reads them.
      assert.deepEqual(await ids('q=quokkal*&status=draft'), [id.draft]);
      assert.deepEqual(await ids('q=%22quokkalith+question%22'), [id.review]);
      const publicPage = await t.app.inject({ method: 'GET', url: '/search?q=quokkalith' });
      assert.match(publicPage.body, /Published Report From The Depot/);
      for (const h of [
        'Quokkalith Depot Draft',
        'Tram Review Story',
        'Scheduled Quokkalith Plan',
        'Withdrawn',
      ]) {
        assert.doesNotMatch(publicPage.body, new RegExp(h));
      }
      const api = await t.app.inject({ method: 'GET', url: '/api/content/v1/search?q=quokkalith' });
      assert.deepEqual(
        api.json().results.map((r: { id: number }) => r.id),
        [id.published],
      );
    });

    it("a change to an unpublished article's text is found at once, whatever code writes it", async () => {
      await t.db.db
        .updateTable('articles')
        .set({ lede: 'Now about wombatite.' })
        .where('id', '=', id.contributorDraft!)
        .execute();
      assert.deepEqual(await ids('q=wombatite'), [id.contributorDraft]);
      await t.db.db
        .updateTable('articles')
        .set({ lede: '' })
        .where('id', '=', id.contributorDraft!)
        .execute();
      assert.deepEqual(await ids('q=wombatite'), []);
    });

    it('filters by status, section (a section or all under it), author, kind and day in the site time zone', async () => {
      const q = 'q=quokkalith';
      assert.deepEqual(await ids(`${q}&status=in_review`), [id.review]);
      assert.deepEqual(sorted(await ids(`${q}&section=politics`)), sorted([id.draft!, id.unpublished!]));
      assert.deepEqual(sorted(await ids(`${q}&section=world`)), sorted([id.review!, id.published!]));
      assert.deepEqual(await ids(`${q}&section=asia`), [id.review]);
      assert.deepEqual(await ids(`${q}&author=nadia-kostova`), [id.draft]);
      assert.deepEqual(await ids(`${q}&author=martin-velchev&status=published`), [id.published]);
      assert.deepEqual(await ids(`${q}&kind=analysis`), [id.review]);
      assert.deepEqual(await ids(`${q}&from=2024-10-18&to=2024-10-18`), [id.draft]);
      assert.deepEqual(await ids(`${q}&from=2024-10-17&to=2024-10-17`), [id.review]);
      assert.deepEqual(await ids(`${q}&from=2024-10-18`), [id.scheduled, id.draft]);
      assert.deepEqual(await ids(`${q}&to=2024-10-15`), [id.unpublished]);
      // In order of publication the days are those of publication.
      assert.deepEqual(await ids(`${q}&sort=published&from=2024-10-16&to=2024-10-16`), [id.published]);
      // Filters without a text search, over the whole archive.
      const drafts = await ids('status=draft&kind=reader');
      assert.deepEqual(drafts, [id.contributorDraft]);
    });

    it('sorts by last change, by publication (never published last) and by headline', async () => {
      const q = 'q=quokkalith';
      assert.deepEqual(await ids(`${q}&sort=updated`), [
        id.scheduled,
        id.draft,
        id.review,
        id.published,
        id.unpublished,
      ]);
      assert.deepEqual(await ids(q), await ids(`${q}&sort=updated`));
      assert.deepEqual(await ids(`${q}&sort=published`), [
        id.published,
        id.unpublished,
        id.scheduled,
        id.review,
        id.draft,
      ]);
      assert.deepEqual(await ids(`${q}&sort=headline`), [
        id.published,
        id.draft,
        id.scheduled,
        id.review,
        id.unpublished,
      ]);
    });

    it('pages by cursor in every order: no article twice, none left out, as at one page', async () => {
      for (const sort of ['updated', 'published', 'headline']) {
        for (const [qs, size] of [
          [`q=quokkalith&sort=${sort}`, 2],
          [`sort=${sort}`, 7],
        ] as const) {
          const whole = await ids(`${qs}&limit=100`);
          const seen: number[] = [];
          let url: string | undefined = `/newsroom/articles?${qs}&limit=${size}`;
          let pages = 0;
          while (url) {
            const res = await editor.get(url);
            assert.equal(res.statusCode, 200, url);
            const got = listedIds(res.body);
            assert.ok(got.length <= size && got.length > 0, `${url}: ${got.length}`);
            seen.push(...got);
            url = nextLink(res.body);
            pages++;
          }
          assert.deepEqual(seen, whole, `${qs} by ${size}`);
          assert.equal(pages, Math.ceil(whole.length / size), qs);
        }
      }
    });

    it('counts every status under the other filters', async () => {
      const politics = t.ctx.sections.bySlugOrUndefined('politics')!;
      const page = await list(editor, 'section=politics&status=draft');
      const rows = await t.db.db
        .selectFrom('articles')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('section_id', '=', politics.id)
        .groupBy('status')
        .execute();
      const expected = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      assert.equal(countOf(page, 'Published'), expected.published);
      assert.equal(countOf(page, 'Draft'), expected.draft);
      assert.equal(countOf(page, 'Unpublished'), expected.unpublished);
      assert.equal(countOf(page, 'In review'), 0);
      assert.equal(
        countOf(page, 'All'),
        Object.values(expected).reduce((a, b) => a + b, 0),
      );
      // The status filter applies to the rows, not to the counts.
      assert.deepEqual(listedIds(page), [id.contributorDraft, id.draft]);
    });

    it('reporters and contributors see only their own articles, editors and admins all; it needs a login', async () => {
      assert.deepEqual(sorted(await ids('q=quokkalith', reporter)), sorted([id.draft!, id.review!]));
      assert.deepEqual(
        sorted(await ids('q=quokkalith', otherReporter)),
        sorted([id.scheduled!, id.published!]),
      );
      assert.deepEqual(sorted(await ids('', contributor)), sorted([id.unpublished!, id.contributorDraft!]));
      const mine = await list(contributor, '');
      assert.equal(countOf(mine, 'All'), 2);
      assert.doesNotMatch(mine, /name="ids"/, 'no bulk selection for contributors');
      assert.doesNotMatch(await list(reporter, ''), /Apply to selected/);
      assert.match(await list(editor, ''), /Apply to selected/);
      // Editors and admins see everyone's.
      for (const c of [editor, admin]) assert.equal(countOf(await list(c, 'q=quokkalith'), 'All'), 5);
      assert.match(await list(admin, ''), /Apply to selected/);
      const anonymous = await t.app.inject({ method: 'GET', url: '/newsroom/articles?q=quokkalith' });
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/newsroom\/login\?next=/);
    });

    it('refuses a bad value of every parameter with 400 naming it, and never fails', async () => {
      const bad: [string, string][] = [
        [`q=${'word+'.repeat(60)}`, 'q'],
        ['q=a&q=b', 'q'],
        ['status=lost', 'status'],
        ['status=draft&status=published', 'status'],
        ['section=nowhere', 'section'],
        ['section=Politics%00', 'section'],
        ['author=nobody-at-all', 'author'],
        ['author=%00', 'author'],
        ['kind=gossip', 'kind'],
        ['from=2024-13-45', 'from'],
        ['to=yesterday', 'to'],
        ['from=2024-10-20&to=2024-10-01', 'to'],
        ['sort=random', 'sort'],
        ['after=garbage', 'after'],
        ['after=u.zz-zz&sort=headline', 'after'],
        [`sort=headline&after=h.${Buffer.from('a\u0000b').toString('base64url')}.1`, 'after'],
        [`after=u.${'9'.repeat(12)}-1`, 'after'],
        ['after=n.zzzzzzzzz&sort=published', 'after'],
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit=ten', 'limit'],
        ['limit=1000', 'limit'],
      ];
      for (const [qs, field] of bad) {
        const res = await editor.get(`/newsroom/articles?${qs}`);
        assert.equal(res.statusCode, 400, `${qs}: ${res.statusCode}`);
        assert.match(res.body, new RegExp(`&quot;${field}&quot;:`), qs);
        assert.match(res.body, /<h1 class="page-title">All articles<\/h1>/, qs);
      }
      // Junk a search box would rather read as no words: an answer, not an error.
      for (const q of ['((((', '%22%22%22', '*', "'%20OR%201=1--", 'NEAR(a%20b)', '%3Cscript%3E']) {
        const res = await editor.get(`/newsroom/articles?q=${q}`);
        assert.equal(res.statusCode, 200, q);
        assert.doesNotMatch(res.body, /<script>/);
      }
      // Parameters the list does not read are left alone.
      assert.equal((await editor.get('/newsroom/articles?utm_source=x')).statusCode, 200);
    });
  });
}

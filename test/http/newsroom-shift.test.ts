import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { articleForm, idFromLocation, NewsroomClient } from '../support/newsroom.ts';

/**
 * The editor through a shift, over HTTP: autosave then every button, a button pressed with unsaved
 * text, a new article saved by its first autosave, two people saving one article and each way of
 * settling it, and errors that stay in the newsroom.
 */
for (const dialect of testDialects()) {
  describe(`the editor through a shift on ${dialect}`, () => {
    let t: TestApp;
    let reporter: NewsroomClient;
    let editor: NewsroomClient;
    let other: NewsroomClient;
    let otherName: string;
    before(async () => {
      t = await startTestApp(dialect);
      const mk = async (role: 'reporter' | 'editor', name?: string) => {
        const u = await NewsroomClient.user(t.ctx, role, name);
        const c = new NewsroomClient(t.app);
        assert.equal((await c.login(u.email, u.password)).statusCode, 303);
        return c;
      };
      reporter = await mk('reporter');
      editor = await mk('editor');
      otherName = `Second Editor ${Math.random().toString(36).slice(2, 6)}`;
      other = await mk('editor', otherName);
    });
    after(async () => {
      await t?.close();
    });

    const row = (id: number) =>
      t.db.db
        .selectFrom('articles')
        .select(['headline', 'lede', 'status', 'version', 'slug', 'published_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const revisions = (id: number) =>
      t.db.db
        .selectFrom('article_revisions')
        .select(['version', 'status'])
        .where('article_id', '=', id)
        .orderBy('version')
        .execute();
    const autosave = (c: NewsroomClient, id: number, form: Record<string, string | string[]>) =>
      c.post(`/newsroom/articles/${id}/autosave`, form, { accept: 'application/json' });
    const fieldError = (body: string, name: string) =>
      new RegExp(`<p class="field-error" id="${name}-error">([^<]*)</p>`).exec(body)?.[1];

    it('after an autosave every workflow button works, and each saves what the form holds with the move', async () => {
      const id = idFromLocation(await reporter.post('/newsroom/articles', articleForm()));
      const saved = await autosave(reporter, id, {
        ...articleForm({ lede: 'Autosaved lede.' }),
        version: '1',
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().version, 2);
      // The page's one form now carries version 2; typed on after the autosave, then Submit.
      const submit = await reporter.post(`/newsroom/articles/${id}/transition`, {
        ...articleForm({ lede: 'Typed after the autosave.' }),
        version: '2',
        action: 'submit',
      });
      assert.equal(submit.statusCode, 303, submit.body.slice(0, 400));
      assert.deepEqual(
        { ...(await row(id)), published_at: null },
        {
          headline: articleForm().headline,
          lede: 'Typed after the autosave.',
          status: 'in_review',
          version: 3,
          slug: 'parliament-passes-budget-after-marathon-session',
          published_at: null,
        },
      );
      assert.deepEqual(
        (await revisions(id)).map((r) => [r.version, r.status]),
        [
          [1, 'draft'],
          [2, 'draft'],
          [3, 'in_review'],
        ],
        'one revision for the save and the move together',
      );
      // The editor returns it, schedules it, and publishes it: each from the version the last answered.
      const moves: [string, Record<string, string>][] = [
        ['return', {}],
        ['schedule', { at: '2031-03-30T10:00' }],
        ['publish', {}],
      ];
      let version = 3;
      for (const [action, extra] of moves) {
        const res = await editor.post(`/newsroom/articles/${id}/transition`, {
          ...articleForm({ lede: `Lede as the editor pressed ${action}.` }),
          version: String(version),
          action,
          ...extra,
        });
        assert.equal(res.statusCode, 303, `${action}: ${res.body.slice(0, 300)}`);
        version += 1;
        assert.equal((await row(id)).version, version);
      }
      const live = await row(id);
      assert.equal(live.status, 'published');
      assert.equal(live.lede, 'Lede as the editor pressed publish.', 'the typed text went live');
      const page = await t.app.inject(`/articles/${id}/${live.slug}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Lede as the editor pressed publish\./);
    });

    it('a new article is created by its first autosave, and the page goes on as its editor', async () => {
      const created = await reporter.post(
        '/newsroom/articles',
        { ...articleForm({ headline: 'Created By Autosave' }), version: '0' },
        { accept: 'application/json' },
      );
      assert.equal(created.statusCode, 201, created.body);
      const json = created.json() as { id: number; version: number; url: string; autosave: string };
      assert.equal(json.url, `/newsroom/articles/${json.id}`);
      assert.equal(json.autosave, `/newsroom/articles/${json.id}/autosave`);
      const next = await autosave(reporter, json.id, {
        ...articleForm({ headline: 'Created By Autosave', lede: 'More typed.' }),
        version: String(json.version),
      });
      assert.equal(next.statusCode, 200);
      assert.equal((await row(json.id)).lede, 'More typed.');
      const invalid = await reporter.post('/newsroom/articles', articleForm({ section: 'nowhere' }), {
        accept: 'application/json',
      });
      assert.equal(invalid.statusCode, 422);
      assert.equal(invalid.json().error.fields.section, 'No section "nowhere"');
      // The form a new article starts from is ready for it: a byline section and data-create.
      const blank = await reporter.get('/newsroom/articles/new');
      assert.match(blank.body, /data-create="\/newsroom\/articles"/);
    });

    it('a save that crossed another names who saved and when, shows both, and settles field by field', async () => {
      const id = idFromLocation(await editor.post('/newsroom/articles', articleForm()));
      const theirs = await other.post(`/newsroom/articles/${id}`, {
        ...articleForm({
          headline: 'Their Headline',
          lede: 'Their lede.',
          slug: 'parliament-passes-budget-after-marathon-session',
        }),
        version: '1',
      });
      assert.equal(theirs.statusCode, 303);
      // The form sends the address as it was shown: unchanged, so not listed as a difference.
      const mine = await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({
          headline: 'My Headline',
          lede: 'My lede.',
          slug: 'parliament-passes-budget-after-marathon-session',
        }),
        version: '1',
      });
      assert.equal(mine.statusCode, 409);
      assert.match(mine.body, new RegExp(`${otherName} on [A-Z][a-z]+ \\d+, \\d{4}`), 'who and when');
      assert.match(mine.body, /making it\s+version 2/);
      assert.match(mine.body, /<legend>Headline<\/legend>/);
      assert.match(mine.body, /<del>Their<\/del>/);
      assert.match(mine.body, /<ins>My<\/ins>/);
      assert.match(mine.body, /type="hidden" name="headline" value="My Headline"/, 'what was typed is kept');
      assert.match(mine.body, /name="version" value="2"/);
      assert.doesNotMatch(mine.body, /<legend>Section<\/legend>/, 'only fields that differ are listed');
      assert.doesNotMatch(mine.body, /<legend>Address \(slug\)<\/legend>/);
      assert.equal((await row(id)).headline, 'Their Headline', 'nothing overwritten');
      // Keep their lede, take my headline.
      const merged = await editor.post(`/newsroom/articles/${id}/resolve`, {
        ...articleForm({ headline: 'My Headline', lede: 'My lede.' }),
        version: '2',
        use_headline: 'mine',
        use_lede: 'theirs',
        choice: 'merge',
      });
      assert.equal(merged.statusCode, 303, merged.body.slice(0, 300));
      assert.match(String(merged.headers.location), /done=resolved/);
      const after = await row(id);
      assert.equal(after.headline, 'My Headline');
      assert.equal(after.lede, 'Their lede.');
      assert.equal(after.version, 3);
      // The next save works: the editor page carries the current version.
      const page = await editor.get(`/newsroom/articles/${id}`);
      assert.match(page.body, /name="version" value="3"/);
      const again = await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'My Headline', lede: 'Next save.' }),
        version: '3',
      });
      assert.equal(again.statusCode, 303);
      const audit = await t.ctx.audit.list(20);
      const entry = audit.find((a) => a.action === 'article.merge' && a.subject === `article:${id}`);
      assert.ok(entry, 'the merge is in the audit log');
      assert.deepEqual(JSON.parse(entry.details).fields, ['headline']);
    });

    it('overwriting knowingly replaces every field and is audited; taking theirs drops nothing stored', async () => {
      const id = idFromLocation(await editor.post('/newsroom/articles', articleForm()));
      await other.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Their Version', tags: 'Theirs' }),
        version: '1',
      });
      const mine = { ...articleForm({ headline: 'Mine Entirely', tags: 'Mine' }), version: '1' };
      const conflict = await editor.post(`/newsroom/articles/${id}`, mine);
      assert.equal(conflict.statusCode, 409);
      assert.match(conflict.body, new RegExp(`href="/newsroom/articles/${id}">Take theirs`));
      const over = await editor.post(`/newsroom/articles/${id}/resolve`, {
        ...mine,
        version: '2',
        choice: 'overwrite',
      });
      assert.equal(over.statusCode, 303);
      assert.equal((await row(id)).headline, 'Mine Entirely');
      const entry = (await t.ctx.audit.list(20)).find(
        (a) => a.action === 'article.overwrite' && a.subject === `article:${id}`,
      );
      assert.ok(entry);
      assert.deepEqual(JSON.parse(entry.details), {
        replacedVersion: 2,
        fields: ['headline', 'tags'],
      });
      // Settling against a version that moved on meanwhile shows the conflict again, nothing written.
      await other.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Third Save' }),
        version: '3',
      });
      const stale = await editor.post(`/newsroom/articles/${id}/resolve`, {
        ...mine,
        version: '3',
        choice: 'overwrite',
      });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /name="version" value="4"/);
      assert.equal((await row(id)).headline, 'Third Save');
      const bad = await editor.post(`/newsroom/articles/${id}/resolve`, {
        ...mine,
        version: '4',
        choice: 'yolo',
      });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /Choose how to settle the two versions\./);
    });

    it('autosave that crossed another save says who, and writes nothing', async () => {
      const id = idFromLocation(await editor.post('/newsroom/articles', articleForm()));
      await other.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Other Saved' }),
        version: '1',
      });
      const res = await autosave(editor, id, {
        ...articleForm({ headline: 'Autosaved Late' }),
        version: '1',
      });
      assert.equal(res.statusCode, 409);
      const json = res.json();
      assert.equal(json.conflict.savedBy, otherName);
      assert.equal(json.conflict.version, 2);
      assert.match(json.error.message, new RegExp(`${otherName} saved this article meanwhile`));
      assert.equal((await row(id)).headline, 'Other Saved');
    });

    it('a refused move stays in the newsroom on the form, with the field marked and the text kept', async () => {
      const id = idFromLocation(await editor.post('/newsroom/articles', articleForm()));
      const past = await editor.post(`/newsroom/articles/${id}/transition`, {
        ...articleForm({ headline: 'Typed But Not Saved' }),
        version: '1',
        action: 'schedule',
        at: '2001-01-01T10:00',
      });
      assert.equal(past.statusCode, 422);
      assert.match(past.body, /class="newsroom"/);
      assert.equal(fieldError(past.body, 'at'), 'Must be in the future');
      assert.match(past.body, /id="schedule-at"[^>]*value="2001-01-01T10:00"/);
      assert.match(past.body, /value="Typed But Not Saved"/);
      assert.match(past.body, /data-unsaved="1"/, 'the page knows it holds unsaved text');
      assert.equal((await row(id)).headline, articleForm().headline, 'nothing saved by a refused move');
      // A move the status does not allow: 409, on the editor, not the public error page.
      const wrong = await editor.post(`/newsroom/articles/${id}/transition`, {
        action: 'unpublish',
        version: '1',
      });
      assert.equal(wrong.statusCode, 409);
      assert.match(wrong.body, /class="newsroom"/);
      assert.match(wrong.body, /cannot be given &quot;unpublish&quot;|cannot be given "unpublish"/);
      // An article that does not exist: the newsroom's own error page, with a way back.
      const missing = await editor.get('/newsroom/articles/999999');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /class="newsroom"/);
      assert.match(missing.body, /href="\/newsroom\/articles\/999999">Back to the article/);
      // An empty comment comes back on the editor with its message.
      const comment = await editor.post(`/newsroom/articles/${id}/comments`, { comment: '   ' });
      assert.equal(comment.statusCode, 422);
      assert.match(comment.body, /class="newsroom"/);
      assert.match(comment.body, /value="Parliament Passes Budget After Marathon Session"/);
    });

    it('the schedule field is filled in, to the minute, in the site’s zone', async () => {
      const id = idFromLocation(await editor.post('/newsroom/articles', articleForm()));
      const page = (await editor.get(`/newsroom/articles/${id}`)).body;
      const tz = t.ctx.site().timeZone;
      assert.match(page, new RegExp(`Schedule for \\(${tz.replace('/', '\\/')} time\\)`));
      const value = /id="schedule-at"[^>]*value="([^"]+)"/.exec(page)?.[1];
      assert.match(String(value), /^\d{4}-\d{2}-\d{2}T\d{2}:00$/);
      assert.match(page, /id="schedule-at"[^>]*step="60"/);
      const scheduled = await editor.post(`/newsroom/articles/${id}/transition`, {
        ...articleForm(),
        version: '1',
        action: 'schedule',
        at: '2031-03-30T10:07',
      });
      assert.equal(scheduled.statusCode, 303);
      const again = (await editor.get(`/newsroom/articles/${id}`)).body;
      assert.match(
        again,
        /id="schedule-at"[^>]*value="2031-03-30T10:07"/,
        'a scheduled article shows its time',
      );
      assert.match(again, />Reschedule</);
    });

    it('the slug is editable; after publishing, the old address redirects to the new one', async () => {
      const id = idFromLocation(await editor.post('/newsroom/articles', articleForm()));
      const draft = await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({ slug: 'budget-vote' }),
        version: '1',
      });
      assert.equal(draft.statusCode, 303);
      assert.equal((await row(id)).slug, 'budget-vote');
      // Cleared before the first publish: it follows the headline again.
      await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Budget Vote Delayed', slug: '' }),
        version: '2',
      });
      assert.equal((await row(id)).slug, 'budget-vote-delayed');
      await editor.post(`/newsroom/articles/${id}/transition`, {
        ...articleForm({ headline: 'Budget Vote Delayed', slug: '' }),
        version: '3',
        action: 'publish',
      });
      // Published: an empty slug keeps the address; a new one moves it, and the old one redirects.
      await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Budget Vote Delayed Again', slug: '' }),
        version: '4',
      });
      assert.equal((await row(id)).slug, 'budget-vote-delayed');
      await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({ headline: 'Budget Vote Delayed Again', slug: 'vote-delayed' }),
        version: '5',
      });
      const old = await t.app.inject(`/articles/${id}/budget-vote-delayed`);
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, `/articles/${id}/vote-delayed`);
    });

    it('a reporter’s dashboard shows what came back with comments, what is scheduled and what was published', async () => {
      const back = idFromLocation(
        await reporter.post('/newsroom/articles', articleForm({ headline: 'Sent Back For A Quote' })),
      );
      await reporter.post(`/newsroom/articles/${back}/transition`, { action: 'submit', version: '1' });
      await editor.post(`/newsroom/articles/${back}/comments`, {
        comment: 'Please add a quote from the mayor.',
      });
      await editor.post(`/newsroom/articles/${back}/transition`, { action: 'return', version: '2' });
      const later = idFromLocation(
        await reporter.post('/newsroom/articles', articleForm({ headline: 'Goes Out Tomorrow' })),
      );
      await reporter.post(`/newsroom/articles/${later}/transition`, { action: 'submit', version: '1' });
      await editor.post(`/newsroom/articles/${later}/transition`, {
        action: 'schedule',
        at: '2031-03-30T10:00',
        version: '2',
      });
      await reporter.post('/newsroom/articles', articleForm({ headline: 'Still Just A Draft' }));
      const page = (await reporter.get('/newsroom')).body;
      const section = (title: string) => {
        const start = page.indexOf(`>${title}</h2>`);
        assert.ok(start > 0, `a "${title}" section`);
        return page.slice(start, page.indexOf('</section>', start));
      };
      const cameBack = section('Came back to you with comments');
      assert.match(cameBack, /Sent Back For A Quote/);
      assert.match(cameBack, /Please add a quote from the mayor\./);
      assert.doesNotMatch(cameBack, /Still Just A Draft/);
      assert.match(section('My drafts'), /Still Just A Draft/);
      assert.doesNotMatch(section('My drafts'), /Sent Back For A Quote/);
      assert.match(section('Scheduled'), /Goes Out Tomorrow/);
      assert.ok(section('Published'));
    });

    it('the new routes refuse other people’s articles, missing CSRF tokens and readers', async () => {
      const id = idFromLocation(await editor.post('/newsroom/articles', articleForm()));
      const theirs = await reporter.post(`/newsroom/articles/${id}/resolve`, {
        ...articleForm(),
        version: '1',
        choice: 'overwrite',
      });
      assert.equal(theirs.statusCode, 403, 'a reporter cannot settle an editor’s article');
      const noCsrf = await editor.post(
        `/newsroom/articles/${id}/resolve`,
        { ...articleForm(), version: '1', choice: 'merge' },
        { csrf: false },
      );
      assert.equal(noCsrf.statusCode, 403);
      const anonymous = await t.app.inject({
        method: 'POST',
        url: `/newsroom/articles/${id}/resolve`,
        payload: 'choice=merge',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(anonymous.statusCode, 401);
      assert.equal((await row(id)).version, 1);
    });
  });
}

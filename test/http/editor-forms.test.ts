import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { articleForm, idFromLocation, NewsroomClient } from '../support/newsroom.ts';

/** The article editor's forms: what comes back when one is refused, and which workflow moves it offers. */
for (const dialect of testDialects()) {
  describe(`article editor forms on ${dialect}`, () => {
    let t: TestApp;
    let reporter: NewsroomClient;
    let editor: NewsroomClient;
    before(async () => {
      t = await startTestApp(dialect);
      const mk = async (role: 'reporter' | 'editor') => {
        const u = await NewsroomClient.user(t.ctx, role);
        const c = new NewsroomClient(t.app);
        assert.equal((await c.login(u.email, u.password)).statusCode, 303);
        return c;
      };
      reporter = await mk('reporter');
      editor = await mk('editor');
    });
    after(async () => {
      await t?.close();
    });

    const fieldError = (body: string, name: string) =>
      new RegExp(`<p class="field-error" id="${name}-error">([^<]*)</p>`).exec(body)?.[1];

    it('shows a refused article again with each message under its field and the text as typed', async () => {
      const res = await reporter.post(
        '/newsroom/articles',
        articleForm({ headline: '   ', lede: 'Typed lede', tags: 'Typed ,  Tags', breaking: '1' }),
      );
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /The article is not valid\./);
      assert.equal(fieldError(res.body, 'headline'), 'A headline is required');
      assert.match(res.body, /value="Typed , {2}Tags"/, 'the tags exactly as typed');
      assert.match(res.body, />Typed lede<\/textarea>/);
      assert.match(res.body, /name="breaking" type="checkbox" value="1" checked/);
    });

    it('names a malformed field instead of dropping it', async () => {
      const res = await reporter.post('/newsroom/articles', articleForm({ lead_image: 'not-an-id' }));
      assert.equal(res.statusCode, 422);
      assert.equal(fieldError(res.body, 'lead_image'), 'Choose an image from the list');
      assert.match(res.body, /value="Parliament Passes Budget After Marathon Session"/);
      const kind = await reporter.post('/newsroom/articles', articleForm({ kind: 'opinion' }));
      assert.equal(kind.statusCode, 422);
      assert.equal(fieldError(kind.body, 'kind'), 'Choose a kind');
      const lists = await reporter.post('/newsroom/articles', articleForm({ headline: ['One', 'Two'] }));
      assert.equal(lists.statusCode, 422, 'a repeated text field is refused, not a 500');
      assert.ok(fieldError(lists.body, 'headline'));
    });

    it('shows the service’s field messages under the inputs they concern', async () => {
      const res = await editor.post('/newsroom/articles', articleForm({ authors: 'nobody-at-all' }));
      assert.equal(res.statusCode, 422);
      assert.equal(fieldError(res.body, 'authors'), 'Every author must exist');
      const tags = await editor.post('/newsroom/articles', articleForm({ tags: `Fine, ${'x'.repeat(81)}` }));
      assert.equal(tags.statusCode, 422);
      assert.ok(fieldError(tags.body, 'tags'), 'tags.1 is shown under the tags box');
    });

    it('keeps an unticked box and an empty author list as sent when a save is refused', async () => {
      const id = idFromLocation(
        await editor.post('/newsroom/articles', articleForm({ breaking: '1', authors: [] })),
      );
      const a = await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({ breaking: '1' }),
        version: '1',
      });
      assert.equal(a.statusCode, 303);
      const b = await editor.post(`/newsroom/articles/${id}`, {
        ...articleForm({ tags: 'Tab B,Tags' }),
        version: '1',
      });
      assert.equal(b.statusCode, 409);
      assert.match(b.body, /value="Tab B,Tags"/);
      assert.doesNotMatch(b.body, /name="breaking"[^>]*checked/, 'unticked in the refused form');
      assert.doesNotMatch(
        b.body,
        /type="hidden" name="breaking"/,
        'an unticked box is not carried as ticked',
      );
      // The conflict screen saves against the version now stored, so the next save works.
      assert.match(b.body, /name="version" value="2"/);
      assert.match(b.body, /<legend>Breaking news<\/legend>/, 'the box differs from the stored one');
    });

    it('answers a malformed workflow form with 422 and says what is wrong', async () => {
      const id = idFromLocation(await editor.post('/newsroom/articles', articleForm()));
      const unknown = await editor.post(`/newsroom/articles/${id}/transition`, {
        action: 'explode',
        version: '1',
      });
      assert.equal(unknown.statusCode, 422);
      assert.match(unknown.body, /Unknown action\./);
      for (const at of ['', '2031-02-30T10:00', 'tomorrow']) {
        const res = await editor.post(`/newsroom/articles/${id}/transition`, {
          action: 'schedule',
          at,
          version: '1',
        });
        assert.equal(res.statusCode, 422, at);
        assert.match(res.body, /Choose a date and time\./);
      }
      const scheduled = await editor.post(`/newsroom/articles/${id}/transition`, {
        action: 'schedule',
        at: '2031-03-30T10:00',
        version: '1',
      });
      assert.equal(scheduled.statusCode, 303);
      const restore = await editor.post(`/newsroom/articles/${id}/restore`, { revision: 'x', version: '2' });
      assert.equal(restore.statusCode, 422);
      assert.match(restore.body, /Choose a revision\./);
    });

    it('offers each user only the workflow moves the service would accept', async () => {
      const id = idFromLocation(await reporter.post('/newsroom/articles', articleForm()));
      const own = (await reporter.get(`/newsroom/articles/${id}`)).body;
      assert.match(own, /Submit for review/);
      assert.doesNotMatch(own, /Publish now|Return to draft|Schedule for/);
      const desk = (await editor.get(`/newsroom/articles/${id}`)).body;
      assert.match(desk, /Submit for review/);
      assert.match(desk, /Publish now/);
      assert.match(desk, /Schedule for/);
      assert.doesNotMatch(desk, /Unpublish|Return to draft/);
      await reporter.post(`/newsroom/articles/${id}/transition`, { action: 'submit', version: '1' });
      const submitted = (await reporter.get(`/newsroom/articles/${id}`)).body;
      assert.doesNotMatch(submitted, /Submit for review|Publish now/);
      assert.match((await editor.get(`/newsroom/articles/${id}`)).body, /Return to draft/);
    });

    it('shows no notice for an unknown ?done=', async () => {
      const res = await editor.get('/newsroom?done=constructor');
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /class="flash/);
    });

    it('offers a tag as existing as soon as an article carrying it is published', async () => {
      const text = {
        headline: 'Quokkaville council meets as Quokkaville votes',
        lede: 'The Quokkaville council met on Monday.',
        body: '<p>Quokkaville voted.</p>',
        tags: '',
      };
      const offered = async () => {
        const res = await reporter.post('/newsroom/articles/suggest', text);
        assert.equal(res.statusCode, 200, res.body);
        return (res.json() as { tags: { name: string; existing: boolean }[] }).tags;
      };
      assert.ok(!(await offered()).some((x) => x.name === 'Quokkaville' && x.existing));
      const id = idFromLocation(
        await editor.post('/newsroom/articles', articleForm({ tags: 'Quokkaville' })),
      );
      const pub = await editor.post(`/newsroom/articles/${id}/transition`, {
        action: 'publish',
        version: '1',
      });
      assert.equal(pub.statusCode, 303);
      await t.ctx.events.settled();
      const after = await offered();
      assert.ok(
        after.some((x) => x.name === 'Quokkaville' && x.existing),
        JSON.stringify(after),
      );
    });
  });
}

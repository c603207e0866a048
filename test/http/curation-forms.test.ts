import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** The opening tag of the element with this id, to read its attributes. */
const tagOf = (html: string, id: string) => {
  const m = new RegExp(`<(?:input|select)[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(m, `no field #${id}`);
  return m[0];
};

for (const dialect of testDialects()) {
  describe(`curation forms with bad input on ${dialect}`, () => {
    let t: TestApp;
    let editor: NewsroomClient;
    before(async () => {
      t = await startTestApp(dialect);
      const e = await NewsroomClient.user(t.ctx, 'editor');
      editor = new NewsroomClient(t.app);
      await editor.login(e.email, e.password);
    });
    after(async () => {
      await t?.close();
    });

    it('a new section without a name answers 422 naming the field, with what was typed kept', async () => {
      const before = t.ctx.sections.all().length;
      const res = await editor.post('/newsroom/sections', {
        name: '   ',
        parent: 'world',
        description: 'Typed & kept',
      });
      assert.equal(res.statusCode, 422);
      const name = tagOf(res.body, 'new-name');
      assert.match(name, /aria-invalid="true"/);
      assert.match(name, /aria-describedby="new-name-error"/);
      assert.match(res.body, /<p class="field-error" id="new-name-error">The section needs a name\.<\/p>/);
      assert.match(tagOf(res.body, 'new-description'), /value="Typed &amp; kept"/);
      assert.match(res.body, /<option value="world" selected>/);
      assert.equal(t.ctx.sections.all().length, before);
    });

    it('a rename with a slug holding spaces answers 422 on that row only, with what was typed kept', async () => {
      const politics = t.ctx.sections.bySlugOrUndefined('politics')!;
      const world = t.ctx.sections.bySlugOrUndefined('world')!;
      const res = await editor.post(`/newsroom/sections/${politics.id}`, {
        name: 'Home Politics',
        slug: 'home politics',
      });
      assert.equal(res.statusCode, 422);
      const slug = tagOf(res.body, `ss-${politics.id}`);
      assert.match(slug, /aria-invalid="true"/);
      assert.match(slug, /value="home politics"/);
      assert.match(tagOf(res.body, `sn-${politics.id}`), /value="Home Politics"/);
      assert.match(
        res.body,
        new RegExp(
          `id="ss-${politics.id}-error">The slug may hold only lower-case letters, digits and hyphens\\.<`,
        ),
      );
      // The other rows show their stored values and no message.
      const other = tagOf(res.body, `ss-${world.id}`);
      assert.doesNotMatch(other, /aria-invalid/);
      assert.match(other, /value="world"/);
      assert.equal(t.ctx.sections.get(politics.id)!.slug, 'politics');
    });

    it('a section whose slug is taken answers 422 with what was typed kept', async () => {
      const res = await editor.post('/newsroom/sections', { name: 'Politics', description: 'Again' });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /That slug is taken\./);
      assert.match(tagOf(res.body, 'new-name'), /value="Politics"/);
      assert.match(tagOf(res.body, 'new-description'), /value="Again"/);
    });

    it('a merge into an unknown tag answers 422 next to that row, with the typed slug kept', async () => {
      const gas = await t.db.db
        .selectFrom('tags')
        .select('id')
        .where('slug', '=', 'gas')
        .executeTakeFirstOrThrow();
      const res = await editor.post(`/newsroom/tags/${gas.id}/merge`, { into: 'no-such-tag' });
      assert.equal(res.statusCode, 422);
      const into = tagOf(res.body, `tm-${gas.id}`);
      assert.match(into, /aria-invalid="true"/);
      assert.match(into, /value="no-such-tag"/);
      assert.match(res.body, new RegExp(`id="tm-${gas.id}-error">Unknown tag<`));
      const empty = await editor.post(`/newsroom/tags/${gas.id}/merge`, { into: '' });
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /Enter the slug of the tag to merge into\./);
    });

    it('home curation refuses a missing story with 422 and an unknown change with 404', async () => {
      const pins = await t.ctx.homeCuration.current();
      for (const op of ['pin', 'unpin', 'up', 'down']) {
        const res = await editor.post(`/newsroom/home/${op}`, { article: 'x' });
        assert.equal(res.statusCode, 422, op);
        assert.match(res.body, /Choose a story from the list\./);
      }
      for (const op of ['nothing', 'constructor', '__proto__', 'toString'])
        assert.equal((await editor.post(`/newsroom/home/${op}`, { article: '1' })).statusCode, 404, op);
      assert.deepEqual(await t.ctx.homeCuration.current(), pins);
    });
  });
}

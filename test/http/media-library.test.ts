import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** The attribute list of the input with this id in a rendered page. */
function inputById(html: string, id: string): string {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  assert.ok(tag, `no input #${id}`);
  return tag;
}

for (const dialect of testDialects()) {
  describe(`media library forms on ${dialect}`, () => {
    let t: TestApp;
    let ui: NewsroomClient;
    let imageId: number;
    before(async () => {
      t = await startTestApp(dialect, { seed: false });
      const u = await NewsroomClient.user(t.ctx, 'editor');
      ui = new NewsroomClient(t.app);
      await ui.login(u.email, u.password);
      const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2a5' } })
        .png()
        .toBuffer();
      const m = await t.ctx.media.ingest(png, {
        originalName: 'field.png',
        alt: 'A green field',
        caption: 'Before',
        userId: u.id,
      });
      imageId = m.id;
    });
    after(async () => {
      await t?.close();
    });

    it('answers bad image details with 422, each message by its field and what was typed kept', async () => {
      const res = await ui.post(`/newsroom/media/${imageId}`, {
        alt: '',
        caption: 'Typed caption',
        focal_x: '150',
        focal_y: '20',
      });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /The alt text is required\./);
      const alt = inputById(res.body, `alt-${imageId}`);
      assert.match(alt, /aria-invalid="true"/);
      assert.match(alt, new RegExp(`aria-describedby="alt-${imageId}-error"`));
      assert.match(res.body, new RegExp(`id="alt-${imageId}-error"[^>]*>Required<`));
      const fx = inputById(res.body, `fx-${imageId}`);
      assert.match(fx, /aria-invalid="true"/);
      assert.match(fx, /value="150"/);
      assert.match(res.body, new RegExp(`id="fx-${imageId}-error"[^>]*>A number from 0 to 100<`));
      assert.doesNotMatch(inputById(res.body, `fy-${imageId}`), /aria-invalid/);
      assert.match(inputById(res.body, `fy-${imageId}`), /value="20"/);
      assert.match(inputById(res.body, `cap-${imageId}`), /value="Typed caption"/);
      assert.match(res.body, /<details open>\s*<summary>Edit #/);
      const row = await t.ctx.media.find(imageId);
      assert.deepEqual([row?.alt, row?.caption, row?.focal_x], ['A green field', 'Before', 0.5]);
    });

    it('refuses a focal point outside 0-100 even with good alt text', async () => {
      const res = await ui.post(`/newsroom/media/${imageId}`, {
        alt: 'A green field at noon',
        caption: '',
        focal_x: '50',
        focal_y: '-5',
      });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /Focal point down \(%\): a number from 0 to 100\./);
      assert.match(inputById(res.body, `alt-${imageId}`), /value="A green field at noon"/);
      assert.equal((await t.ctx.media.find(imageId))?.alt, 'A green field');
    });

    it('shows the upload form again with the file named and the details kept', async () => {
      const fd = new FormData();
      fd.append('_csrf', ui.csrf);
      fd.append('alt', 'Typed alt text');
      fd.append('focal_x', '30');
      const req = new Request('http://localhost/', { method: 'POST', body: fd });
      const res = await t.app.inject({
        method: 'POST',
        url: '/newsroom/media',
        headers: { cookie: ui.cookie, 'content-type': req.headers.get('content-type')! },
        payload: Buffer.from(await req.arrayBuffer()),
      });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /Choose an image file to upload\./);
      assert.match(inputById(res.body, 'file'), /aria-invalid="true"/);
      assert.match(inputById(res.body, 'alt'), /value="Typed alt text"/);
      assert.match(inputById(res.body, 'focal_x'), /value="30"/);
    });
  });
}

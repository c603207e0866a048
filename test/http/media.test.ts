import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { cropBox } from '../../src/media/media.service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** A multipart body as a browser would send it. */
async function multipart(
  fields: Record<string, string>,
  file?: { name: string; type: string; data: Buffer },
) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

/** A PNG that claims 10000 x 10000 pixels in its header: refused before anything is decoded. */
function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(10_000, 0);
  ihdr.writeUInt32BE(10_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(100))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('focal-point crops', () => {
  it('keeps the focal point inside the crop and the crop inside the image', () => {
    assert.deepEqual(cropBox(2000, 1000, 1, 0.9, 0.5), { left: 1000, top: 0, width: 1000, height: 1000 });
    assert.deepEqual(cropBox(2000, 1000, 1, 0.1, 0.5), { left: 0, top: 0, width: 1000, height: 1000 });
    assert.deepEqual(cropBox(1000, 2000, 16 / 9, 0.5, 0.0), { left: 0, top: 0, width: 1000, height: 563 });
    assert.deepEqual(cropBox(1000, 2000, 16 / 9, 0.5, 1.0), { left: 0, top: 1437, width: 1000, height: 563 });
  });
});

for (const dialect of testDialects()) {
  describe(`media library on ${dialect}`, () => {
    let t: TestApp;
    let ui: NewsroomClient;
    let token: string;
    let jpeg: Buffer;
    before(async () => {
      t = await startTestApp(dialect, { seed: true });
      const u = await NewsroomClient.user(t.ctx, 'editor');
      ui = new NewsroomClient(t.app);
      await ui.login(u.email, u.password);
      token = (await t.ctx.accounts.createApiToken(u.id, 'media')).token;
      jpeg = await sharp({ create: { width: 2000, height: 1200, channels: 3, background: '#3a6ea5' } })
        .jpeg()
        .toBuffer();
    });
    after(async () => {
      await t?.close();
    });

    const upload = async (
      fields: Record<string, string>,
      file?: { name: string; type: string; data: Buffer },
    ) => {
      const { payload, contentType } = await multipart({ _csrf: ui.csrf, ...fields }, file);
      return t.app.inject({
        method: 'POST',
        url: '/newsroom/media',
        headers: { cookie: ui.cookie, 'content-type': contentType, accept: 'application/json' },
        payload,
      });
    };

    it('resizes an upload into WebP and original-format widths and focal-point crops', async () => {
      const res = await upload(
        { alt: 'A blue test card', caption: 'Test', focal_x: '80', focal_y: '50' },
        { name: 'card.jpg', type: 'image/jpeg', data: jpeg },
      );
      assert.equal(res.statusCode, 201, res.body);
      const { id, html } = res.json();
      assert.match(html, /<source type="image\/webp" srcset="[^"]*w640\.webp 640w/);
      assert.match(html, /alt="A blue test card"/);
      const row = await t.db.db
        .selectFrom('media')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const get = (file: string) => t.app.inject(`/media/${row.storage_key}/${file}`);
      for (const [file, type, w, h] of [
        ['w640.webp', 'image/webp', 640, 384],
        ['w1920.jpg', 'image/jpeg', 1920, 1152],
        ['16x9-w640.webp', 'image/webp', 640, 360],
        ['4x3-w640.jpg', 'image/jpeg', 640, 480],
        ['1x1-w320.webp', 'image/webp', 320, 320],
      ] as const) {
        const r = await get(file);
        assert.equal(r.statusCode, 200, file);
        assert.equal(r.headers['content-type'], type);
        const meta = await sharp(r.rawPayload).metadata();
        assert.deepEqual([meta.width, meta.height], [w, h], file);
      }
      assert.equal((await get('w9999.jpg')).statusCode, 404);
      assert.equal((await t.app.inject('/media/../../etc/passwd')).statusCode, 404);
    });

    it('refuses other formats, bombs, oversize files and missing alt text with clear messages', async () => {
      const gif = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#000' } })
        .gif()
        .toBuffer();
      const r1 = await upload({ alt: 'x' }, { name: 'a.gif', type: 'image/gif', data: gif });
      assert.equal(r1.statusCode, 415);
      assert.match(r1.json().error.message, /GIF files are not accepted/);
      const r2 = await upload(
        { alt: 'x' },
        { name: 'a.jpg', type: 'image/jpeg', data: Buffer.from('not an image at all') },
      );
      assert.equal(r2.statusCode, 415);
      const r3 = await upload({ alt: 'x' }, { name: 'bomb.png', type: 'image/png', data: pngBomb() });
      assert.equal(r3.statusCode, 415);
      const r4 = await upload({ alt: '' }, { name: 'card.jpg', type: 'image/jpeg', data: jpeg });
      assert.equal(r4.statusCode, 422);
      assert.match(r4.json().error.message, /alt text/);
      const r5 = await upload(
        { alt: 'big' },
        { name: 'big.jpg', type: 'image/jpeg', data: Buffer.alloc(16 * 1024 * 1024, 1) },
      );
      assert.equal(r5.statusCode, 413);
      const r6 = await upload({ alt: 'nothing' });
      assert.equal(r6.statusCode, 422);
    });

    it('needs the CSRF token for browser uploads; the API takes a token instead', async () => {
      const { payload, contentType } = await multipart(
        { alt: 'x' },
        { name: 'card.jpg', type: 'image/jpeg', data: jpeg },
      );
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: '/newsroom/media',
        headers: { cookie: ui.cookie, 'content-type': contentType },
        payload,
      });
      assert.equal(noCsrf.statusCode, 403);
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/media',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        payload,
      });
      assert.equal(api.statusCode, 201, api.body);
      assert.equal(api.json().width, 2000);
    });

    it('edits alt text, caption and focal point; hostile text stays inert', async () => {
      // A left-to-right gradient, so crops around different focal points differ.
      const w = 800;
      const h = 400;
      const raw = Buffer.alloc(w * h * 3);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) raw.fill(Math.floor((x / w) * 255), (y * w + x) * 3, (y * w + x) * 3 + 3);
      }
      const gradient = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
        .jpeg()
        .toBuffer();
      const img = (
        await upload({ alt: 'Gradient' }, { name: 'g.jpg', type: 'image/jpeg', data: gradient })
      ).json();
      const row = await t.db.db
        .selectFrom('media')
        .selectAll()
        .where('id', '=', img.id)
        .executeTakeFirstOrThrow();
      const before = (await t.app.inject(`/media/${row.storage_key}/1x1-w320.webp`)).rawPayload;
      const res = await ui.post(`/newsroom/media/${img.id}`, {
        alt: '<script>alert(1)</script>" onerror="x',
        caption: '<b>Caption</b>',
        focal_x: '0',
        focal_y: '0',
      });
      assert.equal(res.statusCode, 200);
      const after = await t.db.db
        .selectFrom('media')
        .selectAll()
        .where('id', '=', img.id)
        .executeTakeFirstOrThrow();
      assert.equal(after.focal_x, 0);
      assert.equal(after.caption, 'Caption');
      assert.doesNotMatch(after.alt, /<script/);
      const moved = (await t.app.inject(`/media/${row.storage_key}/1x1-w320.webp`)).rawPayload;
      const mean = async (b: Buffer) => (await sharp(b).stats()).channels[0]!.mean;
      assert.ok(
        (await mean(moved)) < (await mean(before)) - 20,
        'the crop was cut again around the new focal point',
      );
      const library = await ui.get('/newsroom/media');
      assert.doesNotMatch(library.body, /<script>alert/);
      assert.doesNotMatch(library.body, /" onerror="x/);
    });

    it('shows a lead image, cropped 16:9, on the article page', async () => {
      const img = (
        await upload({ alt: 'Harbour cranes at dusk' }, { name: 'c.jpg', type: 'image/jpeg', data: jpeg })
      ).json();
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          headline: 'Cranes Arrive at Burgas Port',
          section: 'economy',
          leadImage: img.id,
          body: `<p>Text</p>${img.html}`,
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const a = created.json();
      await t.app.inject({
        method: 'POST',
        url: `/api/admin/v1/articles/${a.id}/publish`,
        headers: { authorization: `Bearer ${token}` },
        payload: {},
      });
      const page = await t.app.inject(`/articles/${a.id}/${a.slug}`);
      assert.match(page.body, /srcset="[^"]*16x9-w640\.webp 640w/);
      assert.match(page.body, /alt="Harbour cranes at dusk"/);
      assert.match(page.body, /<img src="[^"]+w960\.jpg"/, 'the body image survives the sanitiser');
      // The page is cached for readers; a new alt text purges it at once.
      assert.equal((await t.app.inject(`/articles/${a.id}/${a.slug}`)).headers['x-cache'], 'HIT');
      const edited = await ui.post(`/newsroom/media/${img.id}`, {
        alt: 'Two harbour cranes at dusk',
        caption: '',
        focal_x: '50',
        focal_y: '50',
      });
      assert.equal(edited.statusCode, 200);
      assert.match(
        (await t.app.inject(`/articles/${a.id}/${a.slug}`)).body,
        /alt="Two harbour cranes at dusk"/,
      );
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: { authorization: `Bearer ${token}` },
        payload: { headline: 'X', section: 'economy', leadImage: 999999 },
      });
      assert.equal(bad.statusCode, 422);
    });
  });
}

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** The opening tag of the input, select or textarea with this id. */
function tagOf(html: string, id: string): string {
  const m = new RegExp(`<(?:input|select|textarea)[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(m, `no field #${id}`);
  return m[0];
}

/** The message rendered next to a field (Field's `<id>-error` paragraph). */
function fieldError(html: string, id: string): string | undefined {
  return new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
}

/** A complete, valid profile form; each test spoils one field. */
function profileForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Mila Stoyanova',
    slug: '',
    title: 'Balkans correspondent',
    bio: 'Covers the region from Sofia.',
    photo: '',
    link1_label: 'Website',
    link1_url: 'https://mila.example/',
    ...overrides,
  };
}

for (const dialect of testDialects()) {
  describe(`author profiles on ${dialect}`, () => {
    let t: TestApp;
    let editor: NewsroomClient;
    let admin: NewsroomClient;
    let reporterUser: Awaited<ReturnType<typeof NewsroomClient.user>>;
    let reporter: NewsroomClient;
    let photoId: number;

    const author = (slug: string) =>
      t.db.db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
    const auditOf = (action: string) =>
      t.db.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', action)
        .orderBy('id', 'desc')
        .execute();
    const clientFor = async (role: 'admin' | 'editor' | 'reporter' | 'contributor') => {
      const u = await NewsroomClient.user(t.ctx, role);
      const c = new NewsroomClient(t.app);
      assert.equal((await c.login(u.email, u.password)).statusCode, 303);
      return { u, c };
    };

    before(async () => {
      t = await startTestApp(dialect);
      editor = (await clientFor('editor')).c;
      admin = (await clientFor('admin')).c;
      const r = await clientFor('reporter');
      reporterUser = r.u;
      reporter = r.c;
      const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2c6e49' } })
        .png()
        .toBuffer();
      photoId = (
        await t.ctx.media.ingest(png, {
          originalName: 'mila.png',
          alt: 'Mila Stoyanova in Sofia',
          userId: null,
        })
      ).id;
    });
    after(async () => {
      await t?.close();
    });

    it('editors create a profile: slug from the name, bio as plain text, photo and links stored, audited', async () => {
      const res = await editor.post(
        '/newsroom/authors',
        profileForm({
          bio: 'Covers <b>the region</b> <script>alert(1)</script>from Sofia.',
          photo: String(photoId),
        }),
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, '/newsroom/authors');
      const a = await author('mila-stoyanova');
      assert.ok(a, 'the slug is made from the name');
      assert.equal(a.title, 'Balkans correspondent');
      assert.equal(a.bio, 'Covers the region from Sofia.');
      assert.equal(a.photo_media_id, photoId);
      assert.deepEqual(JSON.parse(a.links), [{ label: 'Website', url: 'https://mila.example/' }]);
      const list = await editor.get('/newsroom/authors');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Mila Stoyanova/);
      assert.match(list.body, new RegExp(`href="/newsroom/authors/${a.id}"`));
      const [entry] = await auditOf('author.create');
      assert.equal(entry?.subject, `author:${a.id}`);
      assert.ok(entry?.user_id, 'the acting editor is named');
      // A second author with the same name gets a slug of their own.
      assert.equal((await editor.post('/newsroom/authors', profileForm())).statusCode, 303);
      assert.ok(await author('mila-stoyanova-2'));
    });

    it('bad input on every field: 422, the message by its field, everything typed kept', async () => {
      const before = await t.db.db.selectFrom('authors').select('id').execute();
      const cases: { field: string; id: string; values: Record<string, string>; message: RegExp }[] = [
        { field: 'name', id: 'name', values: { name: '  ' }, message: /The author needs a name\./ },
        { field: 'slug', id: 'slug', values: { slug: 'Not a slug!' }, message: /lower-case letters/ },
        {
          field: 'slug',
          id: 'slug',
          values: { slug: 'mila-stoyanova' },
          message: /Another author has this slug\./,
        },
        {
          field: 'title',
          id: 'title',
          values: { title: 't'.repeat(201) },
          message: /At most 200 characters/,
        },
        { field: 'bio', id: 'bio', values: { bio: 'b'.repeat(2001) }, message: /At most 2000 characters/ },
        {
          field: 'photo',
          id: 'photo',
          values: { photo: 'abc' },
          message: /Choose one of the listed images\./,
        },
        { field: 'photo', id: 'photo', values: { photo: '999999' }, message: /no such image/ },
        {
          field: 'link1_url',
          id: 'link1_url',
          values: { link1_url: 'javascript:alert(1)' },
          message: /starting with http:\/\/ or https:\/\//,
        },
        {
          field: 'link2_url',
          id: 'link2_url',
          values: { link2_label: 'Files', link2_url: 'ftp://files.example/' },
          message: /starting with http:\/\/ or https:\/\//,
        },
        {
          field: 'link3_label',
          id: 'link3_label',
          values: { link3_url: 'https://social.example/@mila' },
          message: /Give the link a label\./,
        },
        {
          field: 'link4_label',
          id: 'link4_label',
          values: { link4_label: 'l'.repeat(101), link4_url: 'https://x.example/' },
          message: /At most 100 characters/,
        },
      ];
      for (const c of cases) {
        const sent = profileForm({ name: 'Typed Name', title: 'Typed & kept', ...c.values });
        const res = await editor.post('/newsroom/authors', sent);
        assert.equal(res.statusCode, 422, `${c.field}: ${res.statusCode}`);
        assert.match(tagOf(res.body, c.id), /aria-invalid="true"/, c.field);
        assert.match(fieldError(res.body, c.id) ?? '', c.message, c.field);
        // What was typed comes back, in every field.
        if (c.field !== 'name') assert.match(tagOf(res.body, 'name'), /value="Typed Name"/, c.field);
        if (c.field !== 'title') assert.match(tagOf(res.body, 'title'), /value="Typed &amp; kept"/, c.field);
        for (const [k, v] of Object.entries(c.values)) {
          if (k === 'photo' || k === 'bio') continue;
          assert.ok(
            tagOf(res.body, k).includes(`value="${v.replace(/&/g, '&amp;')}"`),
            `${c.field}: ${k} kept`,
          );
        }
      }
      // The bio and an unknown photo come back as typed too.
      const bio = await editor.post('/newsroom/authors', profileForm({ name: '', bio: 'Kept <bio> & all' }));
      assert.match(bio.body, /<textarea[^>]*id="bio"[^>]*>Kept &lt;bio(?:&gt;|>) &amp; all<\/textarea>/);
      const photo = await editor.post('/newsroom/authors', profileForm({ photo: '999999' }));
      assert.match(photo.body, /<option value="999999" selected>/);
      const after = await t.db.db.selectFrom('authors').select('id').execute();
      assert.equal(after.length, before.length, 'nothing was created');
    });

    it('an edit that changes the slug keeps the old address as a 301, audited, and the author page changes', async () => {
      const a = (await author('mila-stoyanova'))!;
      // The page is cached for readers before the edit.
      const first = await t.app.inject({ url: '/authors/mila-stoyanova' });
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /Balkans correspondent/);
      const res = await editor.post(
        `/newsroom/authors/${a.id}`,
        profileForm({
          slug: 'Mila-S',
          title: 'Chief Balkans correspondent',
          photo: String(photoId),
          link2_label: 'Social',
          link2_url: 'https://social.example/@mila',
        }),
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal((await author('mila-s'))?.id, a.id);
      const moved = await t.app.inject({ url: '/authors/mila-stoyanova' });
      assert.equal(moved.statusCode, 301);
      assert.equal(moved.headers.location, '/authors/mila-s');
      const page = await t.app.inject({ url: '/authors/mila-s' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1 class="page-title">Mila Stoyanova<\/h1>/);
      assert.match(page.body, /<p class="author-title">Chief Balkans correspondent<\/p>/);
      assert.match(page.body, /<img [^>]*alt="Mila Stoyanova in Sofia"/);
      assert.match(page.body, /<a href="https:\/\/mila.example\/" rel="nofollow">Website<\/a>/);
      assert.match(page.body, /<a href="https:\/\/social.example\/@mila" rel="nofollow">Social<\/a>/);
      assert.match(page.body, /Covers the region from Sofia\./);
      const [entry] = await auditOf('author.update');
      assert.equal(entry?.subject, `author:${a.id}`);
      const details = JSON.parse(entry?.details ?? '{}');
      assert.equal(details.from, 'mila-stoyanova');
      assert.equal(details.to, 'mila-s');
      assert.ok(details.changed.includes('title'));
      // The edit form shows what is stored, and refuses bad input next to the field, typed values kept.
      const form = await editor.get(`/newsroom/authors/${a.id}`);
      assert.match(tagOf(form.body, 'slug'), /value="mila-s"/);
      assert.match(tagOf(form.body, 'link2_url'), /value="https:\/\/social.example\/@mila"/);
      assert.match(form.body, new RegExp(`<option value="${photoId}" selected>`));
      const bad = await editor.post(
        `/newsroom/authors/${a.id}`,
        profileForm({ link1_url: 'data:text/html,x' }),
      );
      assert.equal(bad.statusCode, 422);
      assert.match(tagOf(bad.body, 'link1_url'), /value="data:text\/html,x"/);
      assert.match(bad.body, new RegExp(`action="/newsroom/authors/${a.id}"`));
      assert.equal((await editor.get('/newsroom/authors/999999')).statusCode, 404);
    });

    it('an edit empties the cached author page for readers', async () => {
      const a = (await author('mila-s'))!;
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const read = () => fetch(`http://127.0.0.1:${port}/authors/mila-s`);
      await read();
      const cached = await read();
      assert.equal(cached.headers.get('x-cache'), 'HIT');
      const res = await editor.post(
        `/newsroom/authors/${a.id}`,
        profileForm({ slug: 'mila-s', title: 'Regional editor', photo: String(photoId) }),
      );
      assert.equal(res.statusCode, 303);
      const fresh = await read();
      assert.notEqual(fresh.headers.get('x-cache'), 'HIT');
      assert.match(await fresh.text(), /<p class="author-title">Regional editor<\/p>/);
    });

    it('only editors and admins manage profiles; anonymous visitors are sent to log in', async () => {
      const contributor = (await clientFor('contributor')).c;
      for (const [who, c, allowed] of [
        ['admin', admin, true],
        ['editor', editor, true],
        ['reporter', reporter, false],
        ['contributor', contributor, false],
      ] as const) {
        for (const url of ['/newsroom/authors', '/newsroom/authors/new']) {
          assert.equal((await c.get(url)).statusCode, allowed ? 200 : 403, `${who} GET ${url}`);
        }
        const res = await c.post('/newsroom/authors', profileForm({ name: `By ${who}` }));
        assert.equal(res.statusCode, allowed ? 303 : 403, `${who} POST`);
        assert.equal(Boolean(await author(`by-${who}`)), allowed, `${who} created a profile`);
      }
      const anon = await t.app.inject({ url: '/newsroom/authors' });
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/newsroom\/login/);
      // The newsroom menu offers the screen to those who may use it.
      assert.match((await editor.get('/newsroom')).body, /href="\/newsroom\/authors"/);
      assert.doesNotMatch((await reporter.get('/newsroom')).body, /href="\/newsroom\/authors"/);
    });

    it('a form without its CSRF token changes nothing', async () => {
      const res = await editor.post('/newsroom/authors', profileForm({ name: 'No Token' }), { csrf: false });
      assert.equal(res.statusCode, 403);
      assert.equal(await author('no-token'), undefined);
      const a = (await author('mila-s'))!;
      const edit = await editor.post(`/newsroom/authors/${a.id}`, profileForm({ name: 'Renamed' }), {
        csrf: false,
      });
      assert.equal(edit.statusCode, 403);
      assert.equal((await author('mila-s'))?.name, 'Mila Stoyanova');
      const link = await admin.post(
        `/newsroom/users/${reporterUser.id}/author`,
        { author: String(a.id) },
        { csrf: false },
      );
      assert.equal(link.statusCode, 403);
    });

    it('admins link an account to its profile; a new article carries that byline', async () => {
      const a = (await author('mila-s'))!;
      const res = await admin.post(`/newsroom/users/${reporterUser.id}/author`, { author: String(a.id) });
      assert.equal(res.statusCode, 303);
      const user = await t.db.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', reporterUser.id)
        .executeTakeFirst();
      assert.equal(user?.author_id, a.id);
      const [entry] = await auditOf('user.author');
      assert.equal(entry?.subject, `user:${reporterUser.id}`);
      assert.equal(JSON.parse(entry?.details ?? '{}').to, a.id);
      // The writer's own byline is chosen on a new article.
      const draft = await reporter.get('/newsroom/articles/new');
      assert.equal(draft.statusCode, 200);
      assert.match(draft.body, /<option value="mila-s" selected>/);
      const users = await admin.get('/newsroom/users');
      assert.match(users.body, new RegExp(`<option value="${a.id}" selected>Mila Stoyanova</option>`));
      assert.equal(
        (await editor.post(`/newsroom/users/${reporterUser.id}/author`, { author: '' })).statusCode,
        403,
        'editors do not link accounts',
      );
    });

    it('one profile per account: a second account is refused on its row; bad ids are named', async () => {
      const a = (await author('mila-s'))!;
      const other = await NewsroomClient.user(t.ctx, 'reporter', 'Other Reporter');
      const res = await admin.post(`/newsroom/users/${other.id}/author`, { author: String(a.id) });
      assert.equal(res.statusCode, 422);
      assert.match(fieldError(res.body, `author-${other.id}`) ?? '', /already the byline of/);
      assert.match(tagOf(res.body, `author-${other.id}`), /aria-invalid="true"/);
      const bad = await admin.post(`/newsroom/users/${other.id}/author`, { author: 'x' });
      assert.equal(bad.statusCode, 422);
      assert.match(fieldError(bad.body, `author-${other.id}`) ?? '', /Choose one of the listed profiles\./);
      const none = await admin.post(`/newsroom/users/${other.id}/author`, { author: '999999' });
      assert.equal(none.statusCode, 422);
      assert.equal((await admin.post('/newsroom/users/999999/author', { author: '' })).statusCode, 404);
    });

    it('a profile made from an account name is linked at once; unlinking leaves a new article without a byline', async () => {
      const u = await NewsroomClient.user(t.ctx, 'reporter', 'Petar Georgiev');
      const res = await admin.post(`/newsroom/users/${u.id}/author/new`, {});
      assert.equal(res.statusCode, 303);
      const a = await author('petar-georgiev');
      assert.ok(a, 'a profile named after the account');
      const row = await t.db.db
        .selectFrom('users')
        .select('author_id')
        .where('id', '=', u.id)
        .executeTakeFirst();
      assert.equal(row?.author_id, a.id);
      // A second time: the account has one already.
      const again = await admin.post(`/newsroom/users/${u.id}/author/new`, {});
      assert.equal(again.statusCode, 422);
      assert.match(again.body, /already has an author profile/);
      const c = new NewsroomClient(t.app);
      await c.login(u.email, u.password);
      assert.match((await c.get('/newsroom/articles/new')).body, /<option value="petar-georgiev" selected>/);
      assert.equal((await admin.post(`/newsroom/users/${u.id}/author`, { author: '' })).statusCode, 303);
      const unlinked = await t.db.db
        .selectFrom('users')
        .select('author_id')
        .where('id', '=', u.id)
        .executeTakeFirst();
      assert.equal(unlinked?.author_id, null);
      assert.doesNotMatch(
        (await c.get('/newsroom/articles/new')).body,
        /<option value="petar-georgiev" selected>/,
      );
    });
  });
}

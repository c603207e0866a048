import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** The attributes of the element with this id, as rendered. */
function element(html: string, id: string): string {
  const m = new RegExp(`<(?:input|select)[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(m, `no input #${id}`);
  return m[0];
}

/** The message rendered next to a field (Field's `<id>-error` paragraph). */
function fieldError(html: string, id: string): string | undefined {
  return new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
}

for (const dialect of testDialects()) {
  describe(`account and user forms on ${dialect}`, () => {
    let t: TestApp;
    let admin: NewsroomClient;
    before(async () => {
      t = await startTestApp(dialect);
      const u = await NewsroomClient.user(t.ctx, 'admin');
      admin = new NewsroomClient(t.app);
      assert.equal((await admin.login(u.email, u.password)).statusCode, 303);
    });
    after(async () => {
      await t?.close();
    });

    it('a new user with an invalid email and an unknown role: 422, each field named, what was typed kept', async () => {
      const before = (await t.ctx.accounts.listUsers()).length;
      const res = await admin.post('/newsroom/users', {
        name: 'Vera Petrova',
        email: 'vera at example',
        role: 'overlord',
      });
      assert.equal(res.statusCode, 422, res.body.slice(0, 500));
      assert.match(res.body, /The user is not valid\./);
      const email = element(res.body, 'u-email');
      assert.match(email, /aria-invalid="true"/);
      assert.match(email, /aria-describedby="u-email-error"/);
      assert.match(email, /value="vera at example"/);
      assert.equal(fieldError(res.body, 'u-email'), 'Not an email address');
      const role = element(res.body, 'u-role');
      assert.match(role, /aria-invalid="true"/);
      assert.match(role, /aria-describedby="u-role-error"/);
      assert.ok(fieldError(res.body, 'u-role'), 'the role has its message');
      const name = element(res.body, 'u-name');
      assert.match(name, /value="Vera Petrova"/);
      assert.doesNotMatch(name, /aria-invalid/);
      assert.equal((await t.ctx.accounts.listUsers()).length, before, 'nobody was added');
    });

    it('a taken email is named next to the email field, the typed values kept', async () => {
      const taken = await NewsroomClient.user(t.ctx, 'reporter');
      const res = await admin.post('/newsroom/users', { name: 'Second', email: taken.email, role: 'editor' });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /A user with this email exists\./);
      assert.equal(fieldError(res.body, 'u-email'), 'Already in use');
      assert.match(element(res.body, 'u-name'), /value="Second"/);
      assert.match(res.body, /<option value="editor" selected[^>]*>editor<\/option>/);
    });

    it('a role change to an unknown role: 422 on that row, the role unchanged', async () => {
      const u = await NewsroomClient.user(t.ctx, 'reporter');
      const res = await admin.post(`/newsroom/users/${u.id}/role`, { role: 'overlord' });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /Unknown role\./);
      assert.match(element(res.body, `role-${u.id}`), /aria-invalid="true"/);
      assert.ok(fieldError(res.body, `role-${u.id}`));
      const row = (await t.ctx.accounts.listUsers()).find((x) => x.id === u.id);
      assert.equal(row?.role, 'reporter');
    });

    it('a token without a name and a short new password are named next to their fields', async () => {
      const token = await admin.post('/newsroom/account/tokens', { name: '   ' });
      assert.equal(token.statusCode, 422);
      assert.equal(fieldError(token.body, 'token-name'), 'Give the token a name.');
      assert.match(element(token.body, 'token-name'), /aria-invalid="true"/);

      const password = await admin.post('/newsroom/account/password', {
        current: 'correct horse battery',
        next: 'short',
      });
      assert.equal(password.statusCode, 422);
      assert.match(
        fieldError(password.body, 'next') ?? '',
        /The new password must be 10 to 200 characters\./,
      );
      assert.match(element(password.body, 'next'), /aria-describedby="next-hint next-error"/);
      // Passwords are never written back into the page.
      assert.doesNotMatch(password.body, /value="short"/);
      assert.doesNotMatch(password.body, /value="correct horse battery"/);
    });

    it('a failed login keeps the email typed and never the password', async () => {
      const c = new NewsroomClient(t.app);
      const res = await c.login('someone@dateline.test', 'not the password');
      assert.equal(res.statusCode, 401);
      assert.match(element(res.body, 'email'), /value="someone@dateline.test"/);
      assert.doesNotMatch(res.body, /not the password/);
    });
  });
}

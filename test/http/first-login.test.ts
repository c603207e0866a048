import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { openDatabase } from '../../src/core/db/database.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

const run = promisify(execFile);

for (const dialect of testDialects()) {
  describe(`first login with a one-time password on ${dialect}`, () => {
    let t: TestApp;
    let admin: NewsroomClient;
    let email: string;
    let oneTime: string;

    const flagOf = async (mail: string) =>
      (
        await t.db.db
          .selectFrom('users')
          .select('must_change_password')
          .where('email', '=', mail)
          .executeTakeFirstOrThrow()
      ).must_change_password;

    /** An admin-API call made with the browser session (as the editor's scripts make them). */
    const apiCreate = (c: NewsroomClient, headline: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: { cookie: c.cookie, accept: 'application/json', 'x-csrf-token': c.csrf },
        payload: { headline, section: 'world' },
      });

    before(async () => {
      t = await startTestApp(dialect);
      const u = await NewsroomClient.user(t.ctx, 'admin');
      admin = new NewsroomClient(t.app);
      await admin.login(u.email, u.password);
      email = `first.${dialect}@dateline.test`;
      const res = await admin.post('/newsroom/users', { name: 'Nadia First', email, role: 'reporter' });
      assert.equal(res.statusCode, 200);
      oneTime = /One-time password \([^)]*\): ([^\s<]+)/.exec(res.body)?.[1] ?? '';
      assert.ok(oneTime.length >= 16, 'the one-time password is shown once');
    });
    after(async () => {
      await t?.close();
    });

    it('an account an admin creates must replace its one-time password; one given a password need not', async () => {
      assert.equal(await flagOf(email), 1);
      const chosen = await NewsroomClient.user(t.ctx, 'reporter');
      assert.equal(await flagOf(chosen.email), 0);
    });

    it('until then every newsroom page leads to the password form and every change or API call is refused', async () => {
      const c = new NewsroomClient(t.app);
      const login = await c.login(email, oneTime);
      assert.equal(login.statusCode, 303);
      for (const url of [
        '/newsroom',
        '/newsroom/articles/new',
        '/newsroom/media',
        '/newsroom/articles/1/revisions',
      ]) {
        const res = await c.get(url);
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, '/newsroom/account', url);
      }
      const account = await c.get('/newsroom/account');
      assert.equal(account.statusCode, 200);
      assert.match(account.body, /one-time password/);
      assert.match(account.body, /action="\/newsroom\/account\/password"/);
      assert.doesNotMatch(account.body, /API tokens/, 'no tokens before the password is the user’s own');
      const save = await c.post('/newsroom/articles', { headline: 'Too early', section: 'world' });
      assert.equal(save.statusCode, 403);
      const token = await c.post('/newsroom/account/tokens', { name: 'sneaky' });
      assert.equal(token.statusCode, 403);
      const api = await apiCreate(c, 'Too early');
      assert.equal(api.statusCode, 403);
      assert.equal(api.json().error.code, 'password_change_required');
      const count = await t.db.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('headline', '=', 'Too early')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    it('a wrong current password keeps the form; a new one opens the newsroom and clears the flag', async () => {
      const c = new NewsroomClient(t.app);
      await c.login(email, oneTime);
      const wrong = await c.post('/newsroom/account/password', {
        current: 'not it',
        next: 'a brand new password',
      });
      assert.equal(wrong.statusCode, 422);
      assert.equal(await flagOf(email), 1);
      const noCsrf = await c.post(
        '/newsroom/account/password',
        { current: oneTime, next: 'a brand new password' },
        { csrf: false },
      );
      assert.equal(noCsrf.statusCode, 403);
      const res = await c.post('/newsroom/account/password', {
        current: oneTime,
        next: 'a brand new password',
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/newsroom');
      assert.equal(await flagOf(email), 0);
      assert.equal((await c.get('/newsroom')).statusCode, 200);
      assert.equal((await c.get('/newsroom/articles/new')).statusCode, 200);
      const api = await apiCreate(c, 'In time');
      assert.equal(api.statusCode, 201, api.body);
      const entry = await t.db.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'user.password')
        .executeTakeFirst();
      assert.ok(entry, 'the change is audited');
    });
  });
}

describe('the dateline CLI gives one-time passwords that must be replaced', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-first-login-'));
  const env = { ...process.env, DATELINE_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
  const cli = (...args: string[]) => run(process.execPath, ['bin/dateline.js', ...args], { env });
  const flag = async (email: string) => {
    const h = openDatabase({ dataDir: dir });
    try {
      const r = await h.db
        .selectFrom('users')
        .select('must_change_password')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return r.must_change_password;
    } finally {
      await h.close();
    }
  };
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('user create sets the flag; user reset-password gives a new one-time password and sets it again', async () => {
    const created = await cli(
      'user',
      'create',
      '--email',
      'cli@dateline.test',
      '--name',
      'Cli User',
      '--role',
      'editor',
    );
    assert.match(created.stdout, /One-time password: \S+ \(to be replaced at first login\)/);
    assert.equal(await flag('cli@dateline.test'), 1);
    const chosen = await cli(
      'user',
      'create',
      '--email',
      'own@dateline.test',
      '--name',
      'Own Password',
      '--role',
      'editor',
      '--password',
      'my own long password',
    );
    assert.doesNotMatch(chosen.stdout, /One-time/);
    assert.equal(await flag('own@dateline.test'), 0);
    const reset = await cli('user', 'reset-password', '--email', 'own@dateline.test');
    const password = /One-time password: (\S+)/.exec(reset.stdout)?.[1];
    assert.ok(password && password.length >= 16, reset.stdout);
    assert.equal(await flag('own@dateline.test'), 1);
    await assert.rejects(
      cli('user', 'reset-password', '--email', 'nobody@dateline.test'),
      /No user has this email/,
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { LOGIN_FAILED_MESSAGE, MAX_FAILED_LOGINS } from '../../src/accounts/accounts.service.ts';
import { systemActor } from '../../src/accounts/actor.ts';
import { loadConfig } from '../../src/core/config.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** A login through the real form, from a given address, optionally with extra headers. */
async function login(
  t: TestApp,
  email: string,
  password: string,
  remoteAddress: string,
  headers: Record<string, string> = {},
) {
  const form = await t.app.inject({ url: '/newsroom/login', remoteAddress, headers });
  const pre = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const started = performance.now();
  const res = await t.app.inject({
    method: 'POST',
    url: '/newsroom/login',
    remoteAddress,
    headers: { ...headers, cookie: String(form.headers['set-cookie']).split(';')[0]! },
    payload: { _csrf: pre, email, password },
  });
  return { res, ms: performance.now() - started };
}

const bearer = (t: TestApp, token: string) =>
  t.app.inject({ url: '/api/admin/v1/articles/1', headers: { authorization: `Bearer ${token}` } });

describe('TRUST_PROXY', () => {
  it('is off by default and takes hop counts or proxy addresses, nothing else', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy, [
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
    for (const bad of ['true', 'yes', '10.0.0.300', '10.0.0.0/40', '99']) {
      assert.throws(() => loadConfig({ TRUST_PROXY: bad }), /TRUST_PROXY/, bad);
    }
  });
});

for (const dialect of testDialects()) {
  describe(`account security on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(async () => {
      await t?.close();
    });

    it('ignores X-Forwarded-For from clients that are not trusted proxies', async () => {
      const u = await NewsroomClient.user(t.ctx, 'reporter');
      // Rotating the header would have given each attempt a fresh address.
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
        const { res } = await login(t, u.email, 'wrong password', '198.51.100.7', {
          'x-forwarded-for': `203.0.113.${i}`,
        });
        assert.equal(res.statusCode, 401);
      }
      const { res } = await login(t, u.email, u.password, '198.51.100.7', {
        'x-forwarded-for': '203.0.113.99',
      });
      assert.equal(
        res.statusCode,
        401,
        'the address that failed five times is held, whatever the header says',
      );
      const rows = await t.db.db
        .selectFrom('audit_log')
        .select('ip')
        .where('action', '=', 'login.failed')
        .where('user_id', '=', u.id)
        .execute();
      assert.ok(rows.length >= MAX_FAILED_LOGINS);
      assert.ok(
        rows.every((r) => r.ip === '198.51.100.7'),
        'the audit log records the real address',
      );
    });

    it('a locked address does not lock the owner out, and every failure looks the same', async () => {
      const u = await NewsroomClient.user(t.ctx, 'editor');
      const attacker = '198.51.100.20';
      const timings: number[] = [];
      const bodies = new Set<string>();
      for (let i = 0; i < MAX_FAILED_LOGINS + 2; i++) {
        const { res, ms } = await login(t, u.email, `guess ${i}`, attacker);
        assert.equal(res.statusCode, 401);
        timings.push(ms);
        bodies.add(/<p class="flash flash-error"[^>]*>([^<]*)</.exec(res.body)?.[1] ?? res.body);
      }
      // The right password from the attacker's address is refused with the same words...
      const held = await login(t, u.email, u.password, attacker);
      assert.equal(held.res.statusCode, 401);
      assert.ok(held.res.body.includes(LOGIN_FAILED_MESSAGE.replace(/'/g, '&#39;').split('.')[0]!));
      // ...while the owner, at their own desk, gets in.
      const owner = await login(t, u.email, u.password, '192.0.2.55');
      assert.equal(owner.res.statusCode, 303);
      // Unknown emails answer like known ones, locked or not.
      const unknown = await login(t, 'nobody@dateline.test', 'whatever', attacker);
      assert.equal(unknown.res.statusCode, 401);
      bodies.add(
        /<p class="flash flash-error"[^>]*>([^<]*)</.exec(unknown.res.body)?.[1] ?? unknown.res.body,
      );
      assert.equal(bodies.size, 1, `one message for every failure, got ${[...bodies].join(' | ')}`);
      // Locked attempts still pay for a password hash: not answered in a fraction of the time.
      const locked = timings.slice(MAX_FAILED_LOGINS);
      const open = timings.slice(0, MAX_FAILED_LOGINS);
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      assert.ok(
        median(locked) > median(open) * 0.4,
        `locked ${median(locked)} ms vs open ${median(open)} ms`,
      );
    });

    it('a password change ends the other sessions and revokes every token', async () => {
      const u = await NewsroomClient.user(t.ctx, 'reporter');
      const desk = new NewsroomClient(t.app);
      const laptop = new NewsroomClient(t.app);
      await desk.login(u.email, u.password);
      await laptop.login(u.email, u.password);
      const { token } = await t.ctx.accounts.createApiToken(u.id, 'script');
      assert.notEqual((await bearer(t, token)).statusCode, 401);
      const res = await desk.post('/newsroom/account/password', {
        current: u.password,
        next: 'a brand new passphrase',
      });
      assert.equal(res.statusCode, 200);
      assert.equal(
        (await desk.get('/newsroom/account')).statusCode,
        200,
        'the session that changed it stays',
      );
      assert.equal((await laptop.get('/newsroom/account')).statusCode, 303, 'the other session ended');
      assert.equal((await bearer(t, token)).statusCode, 401, 'the token was revoked');
    });

    it('re-enabling a user revives none of their tokens', async () => {
      const admin = await NewsroomClient.user(t.ctx, 'admin');
      const u = await NewsroomClient.user(t.ctx, 'reporter');
      const { token } = await t.ctx.accounts.createApiToken(u.id, 'script');
      await t.ctx.accounts.setDisabled(admin.id, u.id, true);
      assert.equal((await bearer(t, token)).statusCode, 401);
      await t.ctx.accounts.setDisabled(admin.id, u.id, false);
      assert.equal((await bearer(t, token)).statusCode, 401);
    });

    it('contributors edit only their own images, and not one that leads a published story', async () => {
      const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#468' } })
        .png()
        .toBuffer();
      const upload = async (who: NewsroomClient) => {
        const boundary = '----dateline';
        const body = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${who.csrf}\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="alt"\r\n\r\nA test image\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
          ),
          png,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const res = await t.app.inject({
          method: 'POST',
          url: '/newsroom/media',
          headers: {
            cookie: who.cookie,
            accept: 'application/json',
            'content-type': `multipart/form-data; boundary=${boundary}`,
          },
          payload: body,
        });
        assert.equal(res.statusCode, 201, res.body);
        return (res.json() as { id: number }).id;
      };
      const mk = async (role: 'contributor' | 'editor') => {
        const u = await NewsroomClient.user(t.ctx, role);
        const c = new NewsroomClient(t.app);
        await c.login(u.email, u.password);
        return c;
      };
      const alice = await mk('contributor');
      const bob = await mk('contributor');
      const editor = await mk('editor');
      const mine = await upload(alice);
      const edit = (who: NewsroomClient, id: number, alt: string) =>
        who.post(`/newsroom/media/${id}`, { alt, caption: '', focal_x: '50', focal_y: '50' });
      assert.equal((await edit(bob, mine, 'Defaced')).statusCode, 403);
      assert.equal((await edit(alice, mine, 'Better alt text')).statusCode, 200);
      assert.equal((await edit(editor, mine, 'Editor alt text')).statusCode, 200);
      // Once it leads a published story, the story's image is the editors' to change.
      await t.ctx.articles.create(
        { headline: 'Lead image story', section: 'world', leadImage: mine, status: 'published' },
        systemActor('test'),
      );
      assert.equal((await edit(alice, mine, 'Changed after publishing')).statusCode, 403);
      const row = await t.db.db
        .selectFrom('media')
        .select('alt')
        .where('id', '=', mine)
        .executeTakeFirstOrThrow();
      assert.equal(row.alt, 'Editor alt text');
    });
  });
}

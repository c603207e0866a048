import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { NewsroomClient } from '../support/newsroom.ts';

const REDIS_SERVER = '/usr/bin/redis-server';
const READER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A Redis server of this test's own, on its own port, that the test can kill and start again. */
async function startRedis(port: number): Promise<ChildProcess> {
  if (!fs.existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: apt-get install redis-server (the test starts its own).`);
  }
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const end = Date.now() + 5000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return child;
    if (Date.now() > end) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

describe('Redis going away and coming back', () => {
  let port: number;
  let redis: ChildProcess;
  let t: TestApp;
  before(async () => {
    port = await freePort();
    redis = await startRedis(port);
    t = await startTestApp('sqlite', {
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'outage' },
    });
  });
  after(async () => {
    await t?.close();
    if (redis) await kill(redis);
  });

  it('costs no crash and no hung request: reading, logging in and publishing go on', async () => {
    const editor = await NewsroomClient.user(t.ctx, 'editor');
    const { token } = await t.ctx.accounts.createApiToken(editor.id, 'outage');
    const publish = (headline: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: { authorization: `Bearer ${token}` },
        payload: { headline, section: 'world', body: '<p>Text.</p>', publish: true },
      });
    await kill(redis);
    await new Promise((r) => setTimeout(r, 200));

    const started = Date.now();
    const res = await publish('Published While Redis Was Down');
    assert.equal(res.statusCode, 201, res.body);
    assert.ok(Date.now() - started < 3000, `the publish took ${Date.now() - started} ms`);
    const home = await t.app.inject({ url: '/', headers: READER });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Published While Redis Was Down/, 'this node purged its own cache');
    // Login attempts are counted in Redis; while it is away they are let through, not failed.
    const c = new NewsroomClient(t.app);
    assert.equal((await c.login(editor.email, editor.password)).statusCode, 303);

    redis = await startRedis(port);
    // The node reconnects by itself and events flow again.
    const end = Date.now() + 10_000;
    let again = 0;
    while (Date.now() < end) {
      again = (await publish(`Back Again ${Date.now()}`)).statusCode;
      const [latest] = await listLatest(t.db.db, 1);
      if (again === 201 && latest?.headline.startsWith('Back Again')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(again, 201);
    const reader = await t.app.inject({ url: '/', headers: READER });
    assert.match(reader.body, /Back Again/);
  });

  it('shuts down cleanly while Redis is away', async () => {
    const p = await freePort();
    const own = await startRedis(p);
    const node = await startTestApp('sqlite', {
      env: { REDIS_URL: `redis://127.0.0.1:${p}`, REDIS_PREFIX: 'gone' },
    });
    await kill(own);
    await new Promise((r) => setTimeout(r, 200));
    await node.close();
  });
});

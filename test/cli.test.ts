import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AccountService } from '../src/accounts/accounts.service.ts';
import { countPublished } from '../src/articles/articles.repository.ts';
import { AuditLog } from '../src/audit/audit.service.ts';
import { loadConfig } from '../src/core/config.ts';
import { migrateToLatest, openDatabase } from '../src/core/db/database.ts';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-cli-'));
const env = { ...process.env, DATELINE_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
const cli = (...args: string[]) => run(process.execPath, ['bin/dateline.js', ...args], { env });

async function published(): Promise<number> {
  const h = openDatabase({ dataDir: dir });
  await migrateToLatest(h.db);
  const n = await countPublished(h.db);
  await h.close();
  return n;
}

describe('dateline CLI', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seeds the demo once, keeps it on the next run, and recreates it with --reset', async () => {
    const first = await cli('seed', '--demo');
    assert.match(first.stdout, /Seeded (\d+) articles, (\d+) sections/);
    const n = await published();
    assert.ok(n >= 80, `${n} demo articles`);
    const again = await cli('seed', '--demo');
    assert.match(again.stdout, /already has content/);
    assert.equal(await published(), n);
    const reset = await cli('seed', '--demo', '--reset');
    assert.match(reset.stdout, /Seeded/);
    assert.equal(await published(), n);
  });

  it('adds synthetic articles and reports the rate', async () => {
    const before = await published();
    const r = await cli('seed', '--synthetic', '500');
    assert.match(r.stdout, /Seeded 500 synthetic articles in [\d.]+ s \(\d+ articles\/s\)/);
    assert.equal(await published(), before + 500);
  });

  it('rebuilds the search index and related lists with a progress bar', async () => {
    const n = await published();
    const r = await cli('reindex');
    assert.match(r.stderr, new RegExp(`search index +\\[#+\\] 100% ${n}/${n}`));
    assert.match(r.stderr, new RegExp(`related lists +\\[#+\\] 100% ${n}/${n}`));
    assert.match(r.stdout, new RegExp(`Reindexed ${n} published articles`));
    // The index answers afterwards: a demo story is found by a word from its headline.
    const h = openDatabase({ dataDir: dir });
    const { SearchService } = await import('../src/search/search.service.ts');
    const found = await new SearchService(h.db).search({ q: '"north korea"' });
    await h.close();
    assert.ok(found.results.length > 0);
    const only = await cli('reindex', '--search');
    assert.doesNotMatch(only.stderr, /related lists/);
  });

  it('creates a newsroom user and prints a one-time password', async () => {
    const r = await cli(
      'user',
      'create',
      '--email',
      'Editor@Example.test',
      '--name',
      'Eda Editor',
      '--role',
      'editor',
    );
    const password = /One-time password: (\S+)/.exec(r.stdout)?.[1];
    assert.ok(password && password.length >= 16, r.stdout);
    const h = openDatabase({ dataDir: dir });
    const accounts = new AccountService(h.db, new AuditLog(h.db));
    const user = await accounts.authenticate('editor@example.test', password, null);
    await h.close();
    assert.equal(user.role, 'editor');
    await assert.rejects(
      cli('user', 'create', '--email', 'x@y.z', '--name', 'X', '--role', 'overlord'),
      /role/,
    );
  });

  it('prints a demo admin login the first time the server starts', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-serve-'));
    const child = spawn(process.execPath, ['bin/dateline.js', 'serve'], {
      env: { ...process.env, DATELINE_DATA_DIR: fresh, PORT: '0', DATABASE_URL: '', LOG_LEVEL: 'warn' },
    });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let buf = '';
        const timer = setTimeout(() => reject(new Error(`no login printed: ${buf}`)), 60_000);
        child.stdout.on('data', (d) => {
          buf += d;
          if (/password: \S+/.test(buf)) {
            clearTimeout(timer);
            resolve(buf);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${buf}`)));
      });
      assert.match(out, /email: +admin@localhost/);
      assert.match(out, /\/newsroom\/login/);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill();
        await exited;
      }
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('refuses unknown commands and bad configuration with a clear message', async () => {
    await assert.rejects(cli('frobnicate'), (e: { stderr: string; code: number }) => {
      assert.match(e.stderr, /Unknown command "frobnicate"/);
      assert.equal(e.code, 1);
      return true;
    });
    assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
    assert.throws(() => loadConfig({ SITE_TIMEZONE: 'Mars/Olympus' }), /SITE_TIMEZONE/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.equal(loadConfig({}).timeZone, 'Europe/Sofia');
  });
});

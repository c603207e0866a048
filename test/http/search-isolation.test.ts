import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { seedSynthetic } from '../../src/demo/synthetic.ts';
import { parseQuery } from '../../src/search/query.ts';
import {
  SEARCH_QUEUE_LIMIT,
  SearchBusyError,
  type SearchLimits,
  SearchTimeoutError,
} from '../../src/search/search.limits.ts';
import { SqliteSearchPool } from '../../src/search/search.pool.ts';
import { SearchService } from '../../src/search/search.service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';

const run = promisify(execFile);
/** The load runs in other processes: a client in this one would share the server's event loop. */
const LOAD = 'test/support/search-flood.mjs';

async function measure(url: string): Promise<number[]> {
  return JSON.parse((await run(process.execPath, [LOAD, 'measure', url])).stdout) as number[];
}

function p50(times: number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

const listen = async (t: TestApp) => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
};

for (const dialect of testDialects()) {
  describe(`searches cannot stall the site on ${dialect}`, () => {
    let t: TestApp;
    let url: string;
    before(async () => {
      t = await startTestApp(dialect, { env: { SEARCH_WORKERS: '1' } });
      // Enough articles that a common word costs a search tens of milliseconds.
      await seedSynthetic(t.db.db, { count: 3000, paragraphs: 4 });
      url = await listen(t);
    });
    after(async () => {
      await t?.close();
    });

    it('a cached page stays fast while 50 clients search for a common word without pause', async (tc) => {
      const alone = await measure(url);
      const flood = spawn(process.execPath, [LOAD, 'flood', url, '/search?q=officials', '50'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let out = '';
      flood.stdout.on('data', (d: Buffer) => {
        out += d;
      });
      const exited = once(flood, 'exit');
      await sleep(500); // the flood builds up
      const flooded = await measure(url);
      flood.stdin.end();
      await exited;
      const r = JSON.parse(out) as { statuses: Record<string, number>; retryAfterMissing: number };
      const report = `cached page p50/p95 ${p50(alone).toFixed(1)}/${p95(alone).toFixed(1)} ms alone, ${p50(flooded).toFixed(1)}/${p95(flooded).toFixed(1)} ms under the flood (${flooded.length} samples); search statuses ${JSON.stringify(r.statuses)}`;
      tc.diagnostic(report);
      assert.ok((r.statuses[200] ?? 0) > 0, `the flood searched: ${report}`);
      for (const status of Object.keys(r.statuses)) assert.ok(['200', '503'].includes(status), report);
      assert.equal(r.retryAfterMissing, 0, `every 503 says when to retry: ${report}`);
      // Generous for a loaded 2-core machine, where the flood's own requests (and the load
      // processes) take CPU from the cached page too: about 15 ms at p50 and 60-80 ms at p95
      // there. With searches unbounded on the main thread it was 0.9 s at p95 on SQLite, and on
      // PostgreSQL (ranking and snippets for 50 searches at once) 85-90 ms at p50 and 160-200 at p95.
      assert.ok(flooded.length >= 30, `too few samples in the time allowed: ${report}`);
      assert.ok(p50(flooded) < Math.max(50, p50(alone) * 10), report);
      assert.ok(p95(flooded) < Math.max(150, p95(alone) * 5), report);
    });

    it('beyond the queue, a search is answered 503 with Retry-After at once', async () => {
      const burst = await Promise.all(
        Array.from({ length: 80 }, async () => {
          const res = await fetch(`${url}/api/content/v1/search?q=officials`);
          return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
        }),
      );
      const refused = burst.filter((r) => r.status === 503);
      // One running and SEARCH_QUEUE_LIMIT waiting at most: of 80 sent at once most are refused
      // (fewer than 47 when searches end while the burst still arrives; the exact cut is tested
      // on the pool below).
      assert.ok(refused.length >= 20, `${refused.length} refused`);
      for (const r of refused) {
        assert.equal(r.retryAfter, '5');
        assert.equal(r.body.error.code, 'search_busy');
        assert.match(r.body.error.message, /try again in a few seconds/);
      }
      for (const r of burst.filter((b) => b.status !== 503)) {
        assert.equal(r.status, 200);
        assert.equal(r.body.results.length, 20);
      }
      const page = await fetch(`${url}/search?q=officials`);
      assert.equal(page.status, 200, 'served again once the burst is over');
    });

    it('bounded searches find what searching in process finds, page after page', async () => {
      const NOW = Date.now();
      const limits: SearchLimits = { concurrency: 1, timeoutMs: 10_000, queueLimit: SEARCH_QUEUE_LIMIT };
      const bounded = new SearchService(t.db.db, () => NOW, { limits });
      const direct = new SearchService(t.db.db, () => NOW);
      try {
        const section = t.ctx.sections.all().find((s) => s.children.length > 0)!;
        for (const [q, filters] of [
          ['officials', {}],
          ['"second vote" budget', {}],
          ['consult*', { section: { id: section.id, isRoot: true } }],
          ['north korea', {}],
          ['nothingmatchesthis', {}],
        ] as const) {
          let cursor: string | undefined;
          for (let page = 0; page < 3; page++) {
            const a = await bounded.search({ q, filters, cursor });
            const b = await direct.search({ q, filters, cursor });
            assert.deepEqual(a, b, q);
            cursor = a.next;
            if (!cursor) break;
          }
        }
      } finally {
        await bounded.close();
      }
    });

    it('a search past its time bound is stopped and answered 503, and search goes on after it', async () => {
      const limits: SearchLimits = { concurrency: 1, timeoutMs: 1, queueLimit: SEARCH_QUEUE_LIMIT };
      const search = new SearchService(t.db.db, Date.now, { limits });
      try {
        // A common word takes the read path tens of milliseconds here: far past 1 ms.
        await assert.rejects(search.search({ q: 'officials' }), SearchTimeoutError);
        limits.timeoutMs = 10_000;
        const again = await search.search({ q: 'officials' });
        assert.equal(again.results.length, 20);
      } finally {
        await search.close();
      }
      // Over HTTP: a second app on the same database with a 1 ms bound.
      const strict = await startTestApp(dialect, {
        database: t.db,
        keepDatabase: true,
        seed: false,
        env: { SEARCH_TIMEOUT_MS: '1' },
      });
      try {
        const strictUrl = await listen(strict);
        const json = await fetch(`${strictUrl}/api/content/v1/search?q=officials`);
        assert.equal(json.status, 503);
        assert.equal(json.headers.get('retry-after'), '5');
        const body = (await json.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'search_timeout');
        assert.match(body.error.message, /took too long\. Try more specific words/);
        const page = await fetch(`${strictUrl}/search?q=officials`);
        assert.equal(page.status, 503);
        assert.equal(page.headers.get('retry-after'), '5');
        assert.match(await page.text(), /This search took too long/);
      } finally {
        await strict.close();
      }
    });

    if (dialect === 'sqlite') {
      it('a worker stuck past the bound is terminated and replaced; a full queue refuses at once', async () => {
        const limits: SearchLimits = { concurrency: 1, timeoutMs: 1, queueLimit: 2 };
        const pool = new SqliteSearchPool(async () => t.db.describe, limits);
        const job = { query: parseQuery('officials'), filters: {}, limit: 20, now: Date.now() };
        try {
          // Started once with room to spare, so the thread is up before the bound is tested.
          limits.timeoutMs = 10_000;
          await pool.read(job);
          assert.equal(pool.threadCount, 1);
          limits.timeoutMs = 1;
          await assert.rejects(pool.read(job), SearchTimeoutError);
          // The stuck thread winds down and a new one takes its place.
          limits.timeoutMs = 10_000;
          const page = await pool.read(job);
          assert.equal(page.results.length, 20);
          for (let i = 0; i < 100 && pool.threadCount > 1; i++) await sleep(20);
          assert.equal(pool.threadCount, 1);
          // One running, two waiting: the fourth and fifth are refused without waiting.
          const burst = await Promise.allSettled(Array.from({ length: 5 }, () => pool.read(job)));
          assert.deepEqual(
            burst.map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason.constructor.name)),
            ['ok', 'ok', 'ok', SearchBusyError.name, SearchBusyError.name],
          );
        } finally {
          await pool.close();
        }
      });
    }
  });
}

/** `dateline serve` in a child process on a fresh data folder; resolves with its address. */
async function serve(
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-search-serve-'));
  const child = spawn(process.execPath, [...args, 'serve'], {
    env: {
      ...process.env,
      DATELINE_DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within 60 s:\n${out}`)), 60_000);
    const read = (d: Buffer) => {
      out += d;
      const m = /serving (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  return { url, child };
}

async function searchesThroughTheWorker(url: string): Promise<void> {
  const res = await fetch(`${url}/api/content/v1/search?q=%22north+korea%22`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { results: { headline: string; snippetHtml: string }[] };
  assert.ok(body.results.length > 0);
  assert.match(body.results[0]!.snippetHtml, /<mark>/);
  const page = await fetch(`${url}/search?q=north+korea`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<mark>North<\/mark> <mark>Korea<\/mark>/);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

describe('the search worker starts wherever the server runs from', () => {
  const outdir = `dist/test-search-${process.pid}`;
  after(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('from the esbuild bundle: dateline.mjs finds search-worker.mjs beside it', async () => {
    await run(process.execPath, ['scripts/build.mjs', `--outdir=${outdir}`, '--quiet']);
    assert.ok(fs.existsSync(path.join(outdir, 'search-worker.mjs')));
    const { url, child } = await serve([path.join(outdir, 'dateline.mjs')], {});
    try {
      await searchesThroughTheWorker(url);
    } finally {
      await stop(child);
    }
  });

  it("from the sources through bin/dateline.js (tsx's register(), no --import in execArgv)", async () => {
    const { url, child } = await serve(['bin/dateline.js'], { DATELINE_FROM_SOURCE: '1' });
    try {
      await searchesThroughTheWorker(url);
    } finally {
      await stop(child);
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type AvailabilityChange, unavailableReason } from '../../src/core/db/availability.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { startTestApp } from '../support/app.ts';
import { freshDatabase, PG_BASE_URL } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';
import { databaseOn, type PgServer, startPgServer } from '../support/pg-server.ts';

/**
 * Errors nobody handled while a test ran. A dropped database connection used to surface here (an
 * 'error' event with no listener) and end the process; the listener keeps the test process alive
 * long enough to say so.
 */
function watchCrashes(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const record = (err: unknown) => errors.push(err);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    errors,
    stop: () => {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    },
  };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await sleep(50);
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

describe("PostgreSQL stopped and started again (the test's own server)", () => {
  let server: PgServer;
  before(async () => {
    server = await startPgServer();
  });
  after(async () => {
    await server?.destroy();
  });

  it('stays up, serves cached pages (stale after their max age), answers 503 with Retry-After, and recovers by itself', async () => {
    const crashes = watchCrashes();
    const db = await databaseOn(server);
    const t = await startTestApp('postgres', { database: db });
    try {
      const notices: AvailabilityChange[] = [];
      db.availability.onChange((c) => notices.push(c));
      const editor = await NewsroomClient.user(t.ctx, 'editor');
      const token = (await t.ctx.accounts.createApiToken(editor.id, 'test')).token;
      const [cached, uncached] = await db.db
        .selectFrom('articles')
        .select(['id', 'slug'])
        .where('status', '=', 'published')
        .orderBy('id')
        .limit(2)
        .execute();
      assert.ok(cached && uncached, 'the demo has published articles');
      const cachedUrl = `/articles/${cached.id}/${cached.slug}`;
      const uncachedUrl = `/articles/${uncached.id}/${uncached.slug}`;
      const admin = () =>
        t.app.inject({
          url: `/api/admin/v1/articles/${cached.id}`,
          headers: { authorization: `Bearer ${token}` },
        });
      assert.equal((await admin()).statusCode, 200);
      const pages = new Map<string, string>();
      const purgedUrl = '/sections/politics';
      for (const url of ['/', cachedUrl, purgedUrl]) {
        const first = await t.app.inject(url);
        assert.equal(first.statusCode, 200, url);
        pages.set(url, first.body);
        assert.equal((await t.app.inject(url)).headers['x-cache'], 'HIT', url);
      }
      // A purged page is never served stale, not even while the database is away.
      const section = await t.app.inject(purgedUrl);
      const sectionKey = String(section.headers['surrogate-key'])
        .split(' ')
        .filter((k) => k.startsWith('s:'));
      assert.equal(sectionKey.length, 1);
      t.ctx.pageCache.purge(sectionKey);
      assert.equal(t.ctx.pageCache.stale(purgedUrl), undefined);

      await server.stop('immediate');
      await sleep(300); // the pool's idle connections report the loss now
      assert.deepEqual(crashes.errors, [], 'nothing went unhandled');

      // Fresh cached pages are answered as always.
      const home = await t.app.inject('/');
      assert.equal(home.statusCode, 200);
      assert.equal(home.headers['x-cache'], 'HIT');
      // Past their max age they cannot be rendered again: the last copy is served, marked stale.
      t.ctx.pageCache.maxAgeMs = 0;
      await sleep(5);
      for (const url of ['/', cachedUrl]) {
        const stale = await t.app.inject(url);
        assert.equal(stale.statusCode, 200, url);
        assert.equal(stale.headers['x-cache'], 'STALE', url);
        assert.equal(stale.headers['cache-control'], 'no-store', 'nothing in front keeps a stale copy');
        assert.equal(stale.body, pages.get(url));
      }

      // A page that is not cached: 503, Retry-After, the site's page saying so.
      for (const url of [uncachedUrl, purgedUrl]) {
        const page = await t.app.inject({ url, headers: { accept: 'text/html' } });
        assert.equal(page.statusCode, 503, url);
        assert.equal(page.headers['retry-after'], '5');
        assert.match(String(page.headers['content-type']), /text\/html/);
        assert.match(page.body, /temporarily unavailable/i);
      }
      const api = await t.app.inject('/api/content/v1/search?q=budget');
      assert.equal(api.statusCode, 503);
      assert.equal(api.headers['retry-after'], '5');
      assert.equal(api.json().error.code, 'database_unavailable');
      const adminDown = await admin();
      assert.equal(adminDown.statusCode, 503);
      assert.equal(adminDown.json().error.code, 'database_unavailable');

      const ready = await t.app.inject('/readyz');
      assert.equal(ready.statusCode, 503);
      assert.deepEqual(ready.json(), {
        status: 'unavailable',
        database: 'unreachable',
        reason: 'connection refused',
      });
      assert.ok(!ready.body.includes(String(server.port)), 'no address in the reason');
      assert.equal(db.availability.available, false);
      assert.equal(notices.length, 1, 'the outage is noticed once, not per request');

      // The database comes back: service resumes by itself, within seconds.
      await server.start();
      const took = await waitFor(
        'ready again',
        async () => (await t.app.inject('/readyz')).statusCode === 200,
        5000,
      );
      assert.ok(took < 3000, `ready ${took} ms after the server started`);
      assert.equal((await t.app.inject(uncachedUrl)).statusCode, 200);
      assert.equal((await admin()).statusCode, 200);
      const rendered = await t.app.inject('/');
      assert.equal(rendered.statusCode, 200);
      assert.equal(rendered.headers['x-cache'], 'MISS', 'rendered afresh once the database is back');
      t.ctx.pageCache.maxAgeMs = 60_000;
      assert.equal((await t.app.inject('/')).headers['x-cache'], 'HIT');
      assert.deepEqual(
        notices.map((n) => n.available),
        [false, true],
        'one notice when it went away, one when it came back',
      );
      assert.deepEqual(crashes.errors, [], 'nothing went unhandled');
    } finally {
      crashes.stop();
      await t.close();
    }
  });

  it('pauses jobs while the database is away (said once) and resumes them by itself', async () => {
    const crashes = watchCrashes();
    const db = await databaseOn(server);
    const paused: string[] = [];
    const resumed: number[] = [];
    const failures: unknown[] = [];
    let runs = 0;
    const scheduler = new Scheduler(db.db, (_job, err) => failures.push(err), Date.now, {
      paused: (reason) => paused.push(reason),
      resumed: (ms) => resumed.push(ms),
    });
    try {
      scheduler.start([
        {
          name: 'outage-test',
          everyMs: 100,
          run: async () => {
            runs++;
          },
        },
      ]);
      await waitFor('the job runs', () => runs > 0, 5000);
      await server.stop('fast');
      await sleep(1500); // several ticks meet the stopped server
      assert.equal(scheduler.paused, true);
      assert.equal(paused.length, 1, 'paused once, not per tick');
      assert.ok(paused[0], 'with a reason');
      assert.deepEqual(failures, [], 'an outage is not a job failure');
      const before = runs;
      await server.start();
      await waitFor('the job runs again', () => runs > before, 10_000);
      assert.equal(resumed.length, 1);
      assert.equal(scheduler.paused, false);
      assert.deepEqual(crashes.errors, [], 'nothing went unhandled');
    } finally {
      crashes.stop();
      await scheduler.stop();
      await db.dispose();
    }
  });
});

/** Terminates this database's connections on the shared server (only those: others run tests too). */
async function terminateConnections(applicationName: string | undefined): Promise<number> {
  assert.ok(applicationName, 'the test database names its connections');
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  try {
    const r = await admin.query<{ pid: number }>(
      // Materialized first, so pg_terminate_backend never sees a row the filter would drop.
      `with mine as materialized (
         select pid from pg_stat_activity
          where datname = current_database() and application_name = $1 and pid <> pg_backend_pid())
       select pid from mine where pg_terminate_backend(pid)`,
      [applicationName],
    );
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('PostgreSQL connections terminated by the server (shared server)', () => {
  it('survives pg_terminate_backend of its idle connections and serves the next requests', async () => {
    const crashes = watchCrashes();
    const t = await startTestApp('postgres');
    try {
      const urls = ['/search?q=budget', '/archive', '/', '/sections/politics', '/feed.xml'];
      // Several requests at once leave several idle connections in the pool.
      for (const r of await Promise.all(urls.map((url) => t.app.inject(url))))
        assert.equal(r.statusCode, 200);
      const killed = await terminateConnections(t.db.applicationName);
      assert.ok(killed >= 1, `terminated ${killed} connections`);
      await sleep(300);
      assert.deepEqual(crashes.errors, [], 'nothing went unhandled');
      t.ctx.pageCache.clear();
      // The pool dropped the dead connections; new ones serve the next requests (a request that met
      // a dying connection may have had one 503).
      const statuses: number[] = [];
      for (const url of urls) statuses.push((await t.app.inject(url)).statusCode);
      assert.ok(statuses.filter((s) => s === 503).length <= 1, `statuses ${statuses}`);
      assert.ok(
        statuses.every((s) => s === 200 || s === 503),
        `statuses ${statuses}`,
      );
      assert.equal((await t.app.inject('/search?q=parliament')).statusCode, 200);
      assert.equal((await t.app.inject('/readyz')).statusCode, 200);
    } finally {
      crashes.stop();
      await t.close();
    }
  });

  it('fails only the transaction whose connection was terminated, not the process', async () => {
    const crashes = watchCrashes();
    const db = await freshDatabase('postgres');
    try {
      await assert.rejects(
        db.db.transaction().execute(async (trx) => {
          await trx.selectFrom('sections').select('id').execute();
          assert.ok((await terminateConnections(db.applicationName)) >= 1);
          // The connection reports its loss while the transaction holds it.
          await sleep(300);
          await trx.selectFrom('sections').select('id').execute();
        }),
        (err) => unavailableReason(err) !== undefined,
      );
      assert.deepEqual(crashes.errors, [], 'nothing went unhandled');
      // The pool discarded the dead connection: the next query gets a new one.
      assert.ok(Array.isArray(await db.db.selectFrom('sections').select('id').execute()));
    } finally {
      crashes.stop();
      await db.dispose();
    }
  });
});

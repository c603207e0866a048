import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { PG_BASE_URL, type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { CHROME, viewCounterBenchFor } from '../../test/support/view-counter-bench.ts';
import { type DatabaseHandle, openDatabase } from '../core/db/database.ts';
import { ViewCounter } from './views.service.ts';

/**
 * A database that is unreachable until the test calls up(). PostgreSQL: a TCP relay in front of
 * the real server that, while down, drops every connection it accepts (the pool's connects fail as
 * they would against a server going away). SQLite: another connection holding the write lock, with
 * a short busy timeout on the counter's connection (SQLITE_BUSY, as while another process writes).
 */
async function outage(
  db: TestDatabase,
): Promise<{ handle: DatabaseHandle; up(): void; close(): Promise<void> }> {
  if (db.dialect === 'sqlite') {
    const handle = db.reopen();
    await sql`pragma busy_timeout = 50`.execute(handle.db);
    const holder = new SQLite(db.describe);
    holder.exec('begin immediate');
    return {
      handle,
      up: () => holder.exec('rollback'),
      close: async () => {
        if (holder.inTransaction) holder.exec('rollback');
        holder.close();
        await handle.close();
      },
    };
  }
  const target = new URL(PG_BASE_URL);
  let reachable = false;
  const relay = net.createServer((client) => {
    if (!reachable) return client.destroy();
    const server = net.connect(Number(target.port || 5432), target.hostname);
    client.pipe(server).pipe(client);
    const end = () => {
      client.destroy();
      server.destroy();
    };
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.db);
  const url = new URL(PG_BASE_URL);
  url.host = `127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
  url.searchParams.set('options', `-c search_path=${rows[0]!.schema}`);
  const handle = openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
  return {
    handle,
    up: () => {
      reachable = true;
    },
    close: async () => {
      await handle.close();
      await new Promise((r) => relay.close(r));
    },
  };
}

/**
 * Makes the database refuse to add views to one article, a real per-row failure: PostgreSQL's
 * integer total overflows; SQLite's has no such limit, so a trigger refuses the row instead.
 * Returns the undo.
 */
async function refuseViewsOf(db: TestDatabase, id: number): Promise<() => Promise<void>> {
  if (db.dialect === 'postgres') {
    await db.db.updateTable('articles').set({ view_count: 2_147_483_647 }).where('id', '=', id).execute();
    return async () => {
      await db.db.updateTable('articles').set({ view_count: 0 }).where('id', '=', id).execute();
    };
  }
  await sql`create trigger refuse_views before update of view_count on articles
    when new.id = ${sql.lit(id)} begin select raise(abort, 'refused'); end`.execute(db.db);
  return async () => {
    await sql`drop trigger refuse_views`.execute(db.db);
  };
}

// Views the counter cannot write: rows the database refuses, articles deleted meanwhile, a database
// that is down. Who counts as a reader is in view-counter.test.ts.
for (const dialect of testDialects()) {
  describe(`view counter on ${dialect}: bad rows, outages`, () => {
    const bench = viewCounterBenchFor(dialect);

    it('a row the database refuses is dropped and reported; the rest of the batch is written', async () => {
      const { db, ids, totals, added } = bench();
      const [a, b, c] = ids as [number, number, number];
      const undo = await refuseViewsOf(db, c);
      try {
        const reported: { message: string; err: unknown }[] = [];
        const counter = new ViewCounter(db.db, {
          flushMs: 10_000,
          mode: 'on',
          onError: (message, err) => reported.push({ message, err }),
        });
        const before = await totals();
        counter.count(a, CHROME, '10.0.0.1');
        counter.count(c, CHROME, '10.0.0.1');
        counter.count(c, CHROME, '10.0.0.2');
        counter.count(b, CHROME, '10.0.0.1');
        await counter.flush();
        assert.deepEqual(await added(before), [1, 1, 0]);
        assert.equal(reported.length, 1);
        assert.equal(reported[0]!.message, `2 views of article ${c} dropped: the database refused them`);
        assert.ok(reported[0]!.err instanceof Error);
        // Dropped, not retried forever: the next flush has nothing to write or report.
        await counter.flush();
        await counter.stop();
        assert.equal(reported.length, 1);
        assert.deepEqual(await added(before), [1, 1, 0]);
      } finally {
        await undo();
      }
    });

    it('an article deleted between count and flush: the other rows are written, in one batch or row by row', async () => {
      const { db, ids, story, totals, added } = bench();
      const [a, b, c] = ids as [number, number, number];
      const reported: string[] = [];
      const counter = new ViewCounter(db.db, {
        flushMs: 10_000,
        mode: 'on',
        onError: (m) => reported.push(m),
      });
      const hoursOf = (id: number) =>
        db.db.selectFrom('article_views').select('article_id').where('article_id', '=', id).execute();

      // Alone in a batch, the deleted id is skipped.
      let gone = await story('Soon gone', 'published');
      let before = await totals();
      counter.count(a, CHROME, '10.1.0.1');
      counter.count(gone, CHROME, '10.1.0.1');
      counter.count(b, CHROME, '10.1.0.1');
      await db.db.deleteFrom('articles').where('id', '=', gone).execute();
      await counter.flush();
      assert.deepEqual(await added(before), [1, 1, 0]);
      assert.deepEqual(await hoursOf(gone), []);
      assert.deepEqual(reported, []);

      // With a refused row in the batch too, the rows are written one by one: the deleted id is
      // skipped (not reported as refused), the refused one dropped, the others written.
      gone = await story('Soon gone too', 'published');
      const undo = await refuseViewsOf(db, c);
      try {
        before = await totals();
        counter.count(a, CHROME, '10.1.0.2');
        counter.count(gone, CHROME, '10.1.0.2');
        counter.count(c, CHROME, '10.1.0.2');
        counter.count(b, CHROME, '10.1.0.2');
        await db.db.deleteFrom('articles').where('id', '=', gone).execute();
        await counter.stop();
        assert.deepEqual(await added(before), [1, 1, 0]);
        assert.deepEqual(await hoursOf(gone), []);
        assert.deepEqual(reported, [`1 views of article ${c} dropped: the database refused them`]);
      } finally {
        await undo();
      }
    });

    it('keeps counts while the database is unreachable (bounded), writes them once it is back; stop() resolves', async () => {
      const { db, ids, totals, added } = bench();
      const [a, b, c] = ids as [number, number, number];
      const out = await outage(db);
      try {
        const reported: string[] = [];
        const counter = new ViewCounter(out.handle.db, {
          flushMs: 10_000,
          mode: 'on',
          onError: (m) => reported.push(m),
          limits: { pending: 2 },
        });
        const before = await totals();
        counter.count(a, CHROME, '10.2.0.1');
        counter.count(b, CHROME, '10.2.0.1');
        counter.count(b, CHROME, '10.2.0.2');
        await counter.flush();
        assert.deepEqual(await added(before), [0, 0, 0]);
        assert.equal(reported.length, 1);
        assert.match(reported[0]!, /^database unavailable \(.+\): 3 views kept for the next flush$/);
        // Two articles are waiting: a third is not kept.
        counter.count(c, CHROME, '10.2.0.1');
        out.up();
        await counter.flush();
        assert.deepEqual(
          await added(before),
          [1, 2, 0],
          'kept counts written once, when the database is back',
        );
        assert.equal(reported[1], '1 views not counted: over 2 articles were waiting to be written');
        assert.equal(reported.length, 2);
        await counter.stop();
        assert.equal(reported.length, 2);
      } finally {
        await out.close();
      }
    });

    it('stop() resolves when the database is unreachable, and reports the counts it could not write', async () => {
      const { db, ids, totals, added } = bench();
      const [a, b] = ids as [number, number];
      const out = await outage(db);
      try {
        const reported: string[] = [];
        const counter = new ViewCounter(out.handle.db, {
          flushMs: 10,
          mode: 'on',
          onError: (m) => reported.push(m),
        });
        counter.start();
        const before = await totals();
        counter.count(a, CHROME, '10.3.0.1');
        counter.count(b, CHROME, '10.3.0.1');
        counter.count(b, CHROME, '10.3.0.2');
        await counter.stop();
        assert.match(reported[0]!, /^database unavailable \(.+\): 3 views kept for the next flush$/);
        assert.equal(reported.at(-1), '3 views of 2 articles lost at shutdown: the database is unavailable');
        assert.deepEqual(await added(before), [0, 0, 0]);
      } finally {
        await out.close();
      }
    });
  });
}

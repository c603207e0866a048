import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { type KyselyPlugin, sql } from 'kysely';
import { freshDatabase, PG_BASE_URL, type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { systemActor } from '../accounts/actor.ts';
import * as articles from '../articles/articles.repository.ts';
import { ArticleService } from '../articles/articles.service.ts';
import { insertAuthor } from '../authors/authors.repository.ts';
import { type Database, type DatabaseHandle, openDatabase } from '../core/db/database.ts';
import { insertSection } from '../sections/sections.repository.ts';
import { SectionTree } from '../sections/sections.service.ts';
import { VIEW_WINDOW_MS, ViewCounter } from './views.service.ts';

const ACTOR = systemActor('test');
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 9, 18, 12, 0);
const CHROME = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
};
const FIREFOX = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' };

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

for (const dialect of testDialects()) {
  describe(`view counter on ${dialect}: once per reader, bad rows, outages`, () => {
    let db: TestDatabase;
    let service: ArticleService;
    const ids: number[] = [];
    let draft: number;

    const story = (headline: string, status: 'published' | 'draft') =>
      service.create(
        {
          headline,
          lede: '',
          body: '',
          section: 'news',
          tags: [],
          authors: ['ana'],
          status,
          publishedAt: status === 'published' ? T0 - 24 * HOUR : undefined,
        },
        ACTOR,
      );
    const viewsOf = async (id: number) => (await articles.findArticleById(db.db, id))!.view_count;
    const totals = async () => Promise.all(ids.map(viewsOf));
    const added = async (before: number[]) => (await totals()).map((n, i) => n - before[i]!);

    before(async () => {
      db = await freshDatabase(dialect);
      await insertSection(db.db, {
        slug: 'news',
        name: 'News',
        parent_id: null,
        description: '',
        position: 0,
      });
      await insertAuthor(db.db, { slug: 'ana', name: 'Ana', bio: '' });
      const sections = new SectionTree(db.db);
      await sections.reload();
      service = new ArticleService({ db: db.db, sections, now: () => T0, indexers: [] });
      for (let i = 0; i < 3; i++) ids.push(await story(`Story ${i}`, 'published'));
      draft = await story('Draft', 'draft');
    });
    after(async () => {
      await db?.dispose();
    });

    it('counts a reader once per article per 30 minutes; another browser or address is another reader', async () => {
      const [a, b] = ids as [number, number];
      const reported: string[] = [];
      let now = T0;
      const counter = new ViewCounter(db.db, {
        flushMs: 10_000,
        mode: 'on',
        now: () => now,
        onError: (m) => reported.push(m),
      });
      let before = await totals();
      for (let i = 0; i < 300; i++) counter.count(a, CHROME, '203.0.113.7');
      await counter.flush();
      assert.deepEqual(await added(before), [1, 0, 0], '300 page loads from one client are one view');
      before = await totals();
      counter.count(a, FIREFOX, '203.0.113.7');
      counter.count(a, CHROME, '198.51.100.4');
      counter.count(b, CHROME, '203.0.113.7');
      await counter.flush();
      assert.deepEqual(await added(before), [2, 1, 0], 'another browser, another address, another article');
      before = await totals();
      now += VIEW_WINDOW_MS - 1000;
      counter.count(a, CHROME, '203.0.113.7');
      await counter.flush();
      assert.deepEqual(await added(before), [0, 0, 0], 'still within 30 minutes');
      now += 1000;
      counter.count(a, CHROME, '203.0.113.7');
      counter.count(a, CHROME, '203.0.113.7');
      await counter.flush();
      assert.deepEqual(await added(before), [1, 0, 0], 'counted again after 30 minutes');
      assert.deepEqual(reported, []);
    });

    it('the daily change of salt does not count a reader twice within 30 minutes', async () => {
      const [a] = ids as [number];
      let now = T0;
      const counter = new ViewCounter(db.db, {
        flushMs: 10_000,
        mode: 'on',
        now: () => now,
        onError: () => {},
      });
      const before = await totals();
      now = T0 + 24 * HOUR - 10 * 60_000;
      counter.count(a, CHROME, '203.0.113.7');
      now = T0 + 24 * HOUR + 10 * 60_000; // the salt has been replaced
      counter.count(a, CHROME, '203.0.113.7');
      await counter.flush();
      assert.deepEqual(await added(before), [1, 0, 0]);
      now = T0 + 24 * HOUR + 20 * 60_000;
      counter.count(a, CHROME, '203.0.113.7');
      await counter.flush();
      assert.deepEqual(await added(before), [2, 0, 0], '30 minutes after the first view');
    });

    it('remembers a bounded number of readers, dropping the oldest first', async () => {
      const [a] = ids as [number];
      const counter = new ViewCounter(db.db, {
        flushMs: 10_000,
        mode: 'on',
        now: () => T0,
        onError: () => {},
        limits: { readers: 2 },
      });
      const before = await totals();
      for (const reader of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) counter.count(a, CHROME, reader);
      counter.count(a, CHROME, '10.0.0.3'); // remembered
      counter.count(a, CHROME, '10.0.0.1'); // forgotten to make room: counted again
      await counter.flush();
      assert.deepEqual(await added(before), [4, 0, 0]);
    });

    /**
     * Makes the database refuse to add views to one article, a real per-row failure: PostgreSQL's
     * integer total overflows; SQLite's has no such limit, so a trigger refuses the row instead.
     * Returns the undo.
     */
    const refuseViewsOf = async (id: number): Promise<() => Promise<void>> => {
      if (dialect === 'postgres') {
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
    };

    it('a row the database refuses is dropped and reported; the rest of the batch is written', async () => {
      const [a, b, c] = ids as [number, number, number];
      const undo = await refuseViewsOf(c);
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
      const undo = await refuseViewsOf(c);
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

    it('a beacon id is checked with one indexed lookup, and ids found published are remembered for a while', async () => {
      const [a] = ids as [number];
      const withdrawn = await story('Withdrawn later', 'published');
      let queries = 0;
      const counting: KyselyPlugin = {
        transformQuery: (args) => {
          queries++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      let now = T0;
      const counter = new ViewCounter(db.db.withPlugin(counting) as Database, {
        flushMs: 10_000,
        mode: 'beacon',
        now: () => now,
        onError: () => {},
      });
      for (const id of [0, -1, 1.5, 2_147_483_648, 99_999_999_999]) {
        assert.equal(await counter.isPublished(id), false, String(id));
      }
      assert.equal(queries, 0, 'out-of-range ids cost no query');
      assert.equal(await counter.isPublished(2_147_483_647), false);
      assert.equal(await counter.isPublished(draft), false, 'a draft');
      assert.equal(queries, 2);
      assert.equal(await counter.isPublished(a), true);
      assert.equal(await counter.isPublished(withdrawn), true);
      queries = 0;
      for (let i = 0; i < 10; i++) assert.equal(await counter.isPublished(a), true);
      assert.equal(queries, 0, 'a known published id costs no query');
      await service.transition(withdrawn, 'unpublish', { actor: ACTOR });
      assert.equal(await counter.isPublished(withdrawn), true, 'remembered for a few minutes');
      now += 5 * 60_000;
      assert.equal(await counter.isPublished(withdrawn), false, 'then looked up again');
    });
  });
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { testDialects } from '../../test/support/databases.ts';
import { ACTOR, CHROME, HOUR, T0, viewCounterBenchFor } from '../../test/support/view-counter-bench.ts';
import type { Database } from '../core/db/database.ts';
import { VIEW_WINDOW_MS, ViewCounter } from './views.service.ts';

const FIREFOX = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' };

// Who counts as a reader, and which ids a beacon may count. What happens when writing fails is in
// view-counter-failures.test.ts.
for (const dialect of testDialects()) {
  describe(`view counter on ${dialect}: once per reader, bounded memory, beacon ids`, () => {
    const bench = viewCounterBenchFor(dialect);

    it('counts a reader once per article per 30 minutes; another browser or address is another reader', async () => {
      const { db, ids, totals, added } = bench();
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
      const { db, ids, totals, added } = bench();
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
      const { db, ids, totals, added } = bench();
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

    it('a beacon id is checked with one indexed lookup, and ids found published are remembered for a while', async () => {
      const { db, ids, draft, story, service } = bench();
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

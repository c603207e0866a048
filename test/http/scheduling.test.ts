import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { startTestApp } from '../support/app.ts';
import { freshDatabase, testDialects } from '../support/databases.ts';

for (const dialect of testDialects()) {
  describe(`scheduled publishing on ${dialect}`, () => {
    it('publishes on time even when the process restarts in between', async () => {
      const db = await freshDatabase(dialect);
      try {
        const first = await startTestApp(dialect, { database: db, keepDatabase: true });
        await first.app.close();
        const before = await startTestApp(dialect, { database: db, keepDatabase: true });
        const editor = await before.ctx.accounts.createUser({
          email: 'ed@dateline.test',
          name: 'Ed',
          role: 'editor',
          password: 'a long password',
        });
        const actor = {
          id: editor.id,
          email: editor.email,
          name: 'Ed',
          role: 'editor' as const,
          authorId: null,
        };
        const id = await before.ctx.articles.create(
          {
            headline: 'Scheduled Story Goes Live',
            lede: 'On time.',
            body: '<p>Text</p>',
            section: 'politics',
            tags: ['Schedule'],
          },
          actor,
        );
        const at = Date.now() + 1500;
        await before.ctx.articles.transition(id, 'schedule', { actor, expectedVersion: 1, at });
        const row = await db.db
          .selectFrom('articles')
          .select(['slug', 'status'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.equal(row.status, 'scheduled');
        assert.equal((await before.app.inject(`/articles/${id}/${row.slug}`)).statusCode, 404);
        // The process goes away before the time comes...
        await before.app.close();

        // ...and a new one, with its scheduler, picks the article up from the database.
        const after = await startTestApp(dialect, { database: db, keepDatabase: true });
        const scheduler = new Scheduler(db.db, (_job, err) => {
          throw err;
        });
        scheduler.start([
          { name: 'publish-scheduled', everyMs: 250, run: () => after.ctx.articles.publishDue() },
        ]);
        let liveAt = 0;
        while (Date.now() < at + 30_000) {
          const res = await after.app.inject(`/articles/${id}/${row.slug}`);
          if (res.statusCode === 200) {
            liveAt = Date.now();
            break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        await scheduler.stop();
        assert.ok(liveAt > 0, 'the article went live');
        assert.ok(liveAt >= at, 'not before its time');
        assert.ok(liveAt - at < 30_000, `live ${liveAt - at} ms after the scheduled time`);
        const home = await after.app.inject('/');
        assert.match(home.body, /Scheduled Story Goes Live/);
        await after.app.close();
      } finally {
        await db.dispose();
      }
    });

    it('runs a job on one node at a time through a lease in the database', async () => {
      const db = await freshDatabase(dialect);
      try {
        let runs = 0;
        const job = {
          name: 'lease-test',
          everyMs: 60_000,
          run: async () => {
            runs++;
          },
        };
        const a = new Scheduler(db.db, () => {});
        const b = new Scheduler(db.db, () => {});
        assert.equal(await a.runOnce(job), true);
        assert.equal(await b.runOnce(job), false, 'the second node finds the lease taken');
        assert.equal(await a.runOnce(job), true, 'the holder renews its own lease');
        assert.equal(runs, 2);
      } finally {
        await db.dispose();
      }
    });
  });
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { publishScheduledJob } from '../../src/articles/publish-scheduled.job.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { startTestApp } from '../support/app.ts';
import { freshDatabase, testDialects } from '../support/databases.ts';

const TEST_ACTOR = systemActor('test');

for (const dialect of testDialects()) {
  describe(`scheduled publishing on ${dialect}`, () => {
    it('publishes on time even when the process restarts in between', async () => {
      const db = await freshDatabase(dialect);
      try {
        const first = await startTestApp(dialect, { database: db, keepDatabase: true });
        await first.app.close();
        const before = await startTestApp(dialect, { database: db, keepDatabase: true });
        const editor = await before.ctx.accounts.createUser(
          {
            email: 'ed@dateline.test',
            name: 'Ed',
            role: 'editor',
            password: 'a long password',
          },
          TEST_ACTOR,
        );
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
          { name: 'publish-scheduled', everyMs: 250, run: () => after.ctx.articles.publishDue(TEST_ACTOR) },
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

    it('publishes within 10 s of its time when the node holding the lease crashed', async () => {
      const t = await startTestApp(dialect);
      try {
        const id = await t.ctx.articles.create(
          { headline: 'Due Right After A Crash', section: 'politics', body: '<p>Text</p>' },
          TEST_ACTOR,
        );
        const at = Date.now() + 1000;
        await t.ctx.articles.transition(id, 'schedule', { actor: TEST_ACTOR, expectedVersion: 1, at });
        // A node takes the lease and dies without releasing it (kill -9: no stop(), no cleanup).
        const crashed = new Scheduler(t.db.db, () => {});
        assert.equal(await crashed.runOnce(publishScheduledJob(t.ctx.articles)), true);
        // The restarted node runs the job as `dateline serve` does.
        const restarted = new Scheduler(t.db.db, (_job, err) => {
          throw err;
        });
        restarted.start([publishScheduledJob(t.ctx.articles)]);
        let liveAt = 0;
        while (Date.now() < at + 20_000) {
          const row = await t.db.db
            .selectFrom('articles')
            .select('status')
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          if (row.status === 'published') {
            liveAt = Date.now();
            break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        await restarted.stop();
        assert.ok(liveAt > 0, 'the article went live');
        assert.ok(liveAt - at < 10_000, `live ${liveAt - at} ms after its time`);
      } finally {
        await t.close();
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

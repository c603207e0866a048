import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { articleService, NEWS_DESK, newsroomDatabase } from '../../test/support/newsroom-database.ts';
import { systemActor } from '../accounts/actor.ts';
import * as articles from '../articles/articles.repository.ts';
import type { ArticleService } from '../articles/articles.service.ts';
import { isBot, ViewCounter } from './views.service.ts';

const TEST_ACTOR = systemActor('test');

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 9, 18, 12, 0);
const CHROME = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
};
/** Distinct readers (a reader's repeat views within 30 minutes count once). */
const reader = (i: number) => `10.0.${i >> 8}.${i & 255}`;
const reported: string[] = [];
const onError = (message: string) => {
  reported.push(message);
};

describe('bot detection', () => {
  it('counts browsers, not crawlers, previews, scripts or requests without a user agent', () => {
    assert.equal(isBot(CHROME['user-agent']), false);
    assert.equal(isBot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1'), false);
    for (const ua of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'facebookexternalhit/1.1',
      'curl/8.5.0',
      'python-requests/2.31',
      'Mozilla/5.0 HeadlessChrome/120.0',
      undefined,
      '',
    ]) {
      assert.equal(isBot(ua), true, String(ua));
    }
  });
});

for (const dialect of testDialects()) {
  describe(`view counting on ${dialect}`, () => {
    let db: TestDatabase;
    let service: ArticleService;
    let now = T0;
    const ids: number[] = [];

    before(async () => {
      const newsroom = await newsroomDatabase(dialect, NEWS_DESK);
      db = newsroom.db;
      service = articleService(newsroom, { now: () => T0, indexers: [] });
      for (let i = 0; i < 4; i++) {
        ids.push(
          await service.create(
            {
              headline: `Story ${i}`,
              lede: '',
              body: '',
              section: 'news',
              tags: [],
              authors: ['ana'],
              status: 'published',
              publishedAt: T0 - 10 * 24 * HOUR,
            },
            TEST_ACTOR,
          ),
        );
      }
    });
    after(async () => {
      await db?.dispose();
    });

    it('counts in memory, writes totals and hours in one flush, and skips bots and prefetches', async () => {
      const counter = new ViewCounter(db.db, { flushMs: 10_000, mode: 'on', now: () => now, onError });
      const [a, b] = ids as [number, number];
      for (let i = 0; i < 5; i++) counter.count(a, CHROME, reader(i));
      counter.count(b, CHROME, reader(0));
      counter.count(b, { 'user-agent': 'Googlebot/2.1' }, reader(1));
      counter.count(b, {}, reader(2));
      counter.count(b, { ...CHROME, 'sec-purpose': 'prefetch;prerender' }, reader(3));
      // Nothing is written until the flush.
      assert.equal((await articles.findArticleById(db.db, a))?.view_count, 0);
      await counter.flush();
      assert.equal((await articles.findArticleById(db.db, a))?.view_count, 5);
      assert.equal((await articles.findArticleById(db.db, b))?.view_count, 1);
      // A second flush adds to the same hour's row.
      counter.count(a, CHROME, reader(5));
      await counter.stop();
      assert.equal((await articles.findArticleById(db.db, a))?.view_count, 6);
      const hours = await db.db.selectFrom('article_views').selectAll().where('article_id', '=', a).execute();
      assert.deepEqual(
        hours.map((h) => [h.hour, h.views]),
        [[Math.floor(T0 / HOUR), 6]],
      );
      assert.deepEqual(reported, []);
    });

    it('most read: 24 hours and 7 days windows, published articles only', async () => {
      const [a, b, c, d] = ids as [number, number, number, number];
      const counter = new ViewCounter(db.db, { flushMs: 1, mode: 'on', now: () => now, onError });
      // Three days ago: c is read a lot.
      now = T0 - 3 * 24 * HOUR;
      for (let i = 0; i < 50; i++) counter.count(c, CHROME, reader(i));
      await counter.flush();
      // Now: d a little (a has 6 from the test above, b has 1).
      now = T0 + 1000;
      for (let i = 0; i < 3; i++) counter.count(d, CHROME, reader(i));
      await counter.flush();
      now += 10;
      let lists = await counter.mostReadLists();
      assert.deepEqual(
        lists.day.map((x) => x.id),
        [a, d, b],
      );
      assert.deepEqual(
        lists.week.map((x) => x.id),
        [c, a, d, b],
      );
      await service.transition(c, 'unpublish', { actor: TEST_ACTOR });
      now += 10;
      lists = await counter.mostReadLists();
      assert.ok(!lists.week.some((x) => x.id === c), 'withdrawn articles drop out');
    });

    it('does nothing when counting is off', async () => {
      const counter = new ViewCounter(db.db, { flushMs: 10_000, mode: 'off', onError });
      counter.count(ids[0]!, CHROME, reader(0));
      await counter.flush();
      assert.equal((await articles.findArticleById(db.db, ids[0]!))?.view_count, 6);
    });
  });
}

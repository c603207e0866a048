import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { articleService, NEWS_DESK, newsroomDatabase } from '../../test/support/newsroom-database.ts';
import { systemActor } from '../accounts/actor.ts';
import * as articles from '../articles/articles.repository.ts';
import type { ArticleService } from '../articles/articles.service.ts';
import { mergeTagInto } from '../tags/tags.repository.ts';
import { RelatedService } from './related.service.ts';

const TEST_ACTOR = systemActor('test');

const NOW = Date.UTC(2024, 9, 18, 12, 0);
const HOUR = 3_600_000;

for (const dialect of testDialects()) {
  describe(`related lists on ${dialect}`, () => {
    let db: TestDatabase;
    let service: ArticleService;
    const related = new RelatedService();
    const list = async (id: number) => (await articles.listRelated(db.db, id, 6)).map((a) => a.id);
    const story = (n: number, hoursAgo: number) =>
      service.create(
        {
          headline: `Dockworkers at the Port of Varna extend strike, day ${n}`,
          lede: 'The Dockworkers Union of Varna said talks with the Port Authority had stalled.',
          body: '<p>Union leader Petar Zlatev said the strike at the Port of Varna would go on.</p>',
          section: 'news',
          tags: ['Bulgaria'],
          authors: ['ana'],
          status: 'published',
          publishedAt: NOW - hoursAgo * HOUR,
        },
        TEST_ACTOR,
      );
    const other = (n: number) =>
      service.create(
        {
          headline: `Orchestra opens its season in Plovdiv ${n}`,
          lede: 'The philharmonic played Dvorak to a full hall.',
          body: '<p>Conductor Maria Lazarova thanked the audience.</p>',
          section: 'news',
          tags: ['Bulgaria'],
          authors: ['ana'],
          status: 'published',
          publishedAt: NOW - 50 * HOUR - n,
        },
        TEST_ACTOR,
      );

    before(async () => {
      const newsroom = await newsroomDatabase(dialect, NEWS_DESK);
      db = newsroom.db;
      service = articleService(newsroom, { now: () => NOW, indexers: [related] });
    });
    after(async () => {
      await db?.dispose();
    });

    it('a new story enters the lists of the older ones on the subject; unrelated ones stay out', async () => {
      for (let i = 0; i < 4; i++) await other(i);
      const first = await story(1, 30);
      assert.deepEqual(await list(first), [], 'a shared broad tag alone does not make articles related');
      const second = await story(2, 20);
      const third = await story(3, 10);
      assert.deepEqual(await list(third), [second, first], 'nearer in time first among equals');
      assert.deepEqual(
        (await list(first)).sort(),
        [second, third].sort(),
        'the older article now lists the newer',
      );
    });

    it('a withdrawn article leaves every list at once, and comes back when republished', async () => {
      const [a, b] = (await articles.listLatest(db.db, 2)).map((x) => x.id) as [number, number];
      await service.transition(a, 'unpublish', { actor: TEST_ACTOR });
      assert.ok(!(await list(b)).includes(a));
      const rows = await db.db
        .selectFrom('article_related')
        .selectAll()
        .where('related_id', '=', a)
        .execute();
      assert.equal(rows.length, 0);
      assert.deepEqual(await list(a), []);
      await service.transition(a, 'publish', { actor: TEST_ACTOR });
      assert.ok((await list(b)).includes(a));
    });

    it('a merged tag becomes the other tag in every feature list and count', async () => {
      const mk = (tag: string) =>
        service.create(
          {
            headline: `Harvest report ${tag}`,
            lede: '',
            body: '',
            section: 'news',
            tags: [tag, 'Keep'],
            authors: ['ana'],
            status: 'published',
            publishedAt: NOW,
          },
          TEST_ACTOR,
        );
      const a = await mk('Wheat');
      const b = await mk('Grain');
      const tagId = async (slug: string) =>
        (await db.db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
      const [wheat, grain] = [await tagId('wheat'), await tagId('grain')];
      await mergeTagInto(db.db, wheat, grain);
      await related.tagMerged(db.db, wheat, grain);
      const features = await db.db
        .selectFrom('article_features')
        .select(['article_id', 'feature'])
        .where('feature', 'in', [`t:${wheat}`, `t:${grain}`])
        .orderBy('article_id')
        .execute();
      assert.deepEqual(
        features.map((f) => [f.article_id, f.feature]),
        [
          [a, `t:${grain}`],
          [b, `t:${grain}`],
        ],
      );
      const counts = await db.db
        .selectFrom('feature_counts')
        .selectAll()
        .where('feature', 'in', [`t:${wheat}`, `t:${grain}`])
        .execute();
      assert.deepEqual(counts, [{ feature: `t:${grain}`, articles: 2 }]);
      for (const id of [a, b]) await service.transition(id, 'unpublish', { actor: TEST_ACTOR });
    });

    it('a rebuild gives the same lists as publishing one by one', async () => {
      const ids = (await articles.listLatest(db.db, 50)).map((x) => x.id);
      const before = await Promise.all(ids.map(list));
      const n = await related.rebuild(db.db);
      assert.equal(n, ids.length);
      const afterRebuild = await Promise.all(ids.map(list));
      assert.deepEqual(
        afterRebuild.map((l) => [...l].sort()),
        before.map((l) => [...l].sort()),
      );
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { articleService, newsroomDatabase } from '../../test/support/newsroom-database.ts';
import { systemActor } from '../accounts/actor.ts';
import { encodeCursor, parseCursor } from '../core/cursor.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import * as repo from './articles.repository.ts';
import type { ArticleService } from './articles.service.ts';

const TEST_ACTOR = systemActor('test');

const T0 = Date.UTC(2024, 9, 18, 12, 0);
const HOUR = 3600_000;

for (const dialect of testDialects()) {
  describe(`articles storage on ${dialect}`, () => {
    let db: TestDatabase;
    let service: ArticleService;
    let sections: SectionTree;
    const ids: Record<string, number> = {};

    before(async () => {
      const newsroom = await newsroomDatabase(dialect, {
        sections: ['world', 'world/ukraine', 'world/europe', 'business'],
        authors: ['Ana Petrova'],
      });
      ({ db, sections } = newsroom);
      // No indexers given: the service's own search index and related lists run as in the app.
      service = articleService(newsroom, { now: () => T0 + 100 * HOUR });
      const mk = (
        key: string,
        section: string,
        tags: string[],
        hoursAgo: number,
        status: 'published' | 'draft' = 'published',
      ) =>
        service
          .create(
            {
              headline: `Story ${key}`,
              lede: `Lede ${key}`,
              body: `<p>Body ${key}</p>`,
              section,
              tags,
              authors: ['ana-petrova'],
              status,
              publishedAt: T0 - hoursAgo * HOUR,
            },
            TEST_ACTOR,
          )
          .then((id) => {
            ids[key] = id;
          });
      await mk('kyiv-talks', 'ukraine', ['Ukraine', 'Russia', 'NATO'], 1);
      await mk('grain', 'ukraine', ['Ukraine', 'Black Sea'], 2);
      await mk('summit', 'europe', ['NATO', 'Russia', 'Ukraine'], 3);
      await mk('budget', 'business', ['Budget'], 4);
      await mk('draft', 'ukraine', ['Ukraine', 'Russia', 'NATO'], 0, 'draft');
      for (let i = 0; i < 45; i++) await mk(`filler-${i}`, 'europe', ['Filler'], 10 + i);
    });

    after(async () => {
      await db?.dispose();
    });

    it('stores times as UTC milliseconds and sanitises the body', async () => {
      const a = await repo.findArticleById(db.db, ids['kyiv-talks']!);
      assert.equal(a?.published_at, T0 - HOUR);
      assert.equal(a?.body, '<p>Body kyiv-talks</p>');
      assert.equal(a?.root_section_id, sections.bySlugOrUndefined('world')?.id);
    });

    it('lists only published articles, newest first', async () => {
      const latest = await repo.listLatest(db.db, 3);
      assert.deepEqual(
        latest.map((a) => a.headline),
        ['Story kyiv-talks', 'Story grain', 'Story summit'],
      );
    });

    it("includes a child section's articles in its parent's listing", async () => {
      const world = sections.bySlugOrUndefined('world')!;
      const ukraine = sections.bySlugOrUndefined('ukraine')!;
      const parent = await repo.listBySection(db.db, { id: world.id, isRoot: true }, 100);
      const child = await repo.listBySection(db.db, { id: ukraine.id, isRoot: false }, 100);
      assert.equal(parent.length, 48);
      assert.deepEqual(
        child.map((a) => a.headline),
        ['Story kyiv-talks', 'Story grain'],
      );
    });

    it('pages by cursor with no gaps and no repeats', async () => {
      const world = sections.bySlugOrUndefined('world')!;
      const seen: number[] = [];
      let cursor: ReturnType<typeof parseCursor>;
      for (let page = 0; page < 10; page++) {
        const rows = await repo.listBySection(db.db, { id: world.id, isRoot: true }, 20, cursor);
        seen.push(...rows.map((r) => r.id));
        if (rows.length < 20) break;
        const last = rows[rows.length - 1]!;
        cursor = parseCursor(encodeCursor({ publishedAt: last.published_at, id: last.id }));
      }
      assert.equal(seen.length, 48);
      assert.equal(new Set(seen).size, 48);
    });

    it('lists by tag and by author through the join tables', async () => {
      const tagged = await repo.listByTag(db.db, (await repo.tagsOfArticle(db.db, ids.summit!))[0]!.id, 10);
      assert.deepEqual(
        tagged.map((a) => a.headline),
        ['Story kyiv-talks', 'Story summit'],
      );
      const byAuthor = await repo.listByAuthor(
        db.db,
        (await repo.authorsOfArticle(db.db, ids.grain!))[0]!.id,
        5,
      );
      assert.equal(byAuthor.length, 5);
    });

    it('lists a UTC range for the archive', async () => {
      const rows = await repo.listInRange(db.db, T0 - 3 * HOUR, T0, 10);
      assert.deepEqual(
        rows.map((a) => a.headline),
        ['Story kyiv-talks', 'Story grain', 'Story summit'],
      );
    });

    it('ranks related articles by shared tags, never itself nor a draft', async () => {
      const related = await repo.listRelated(db.db, ids['kyiv-talks']!, 6);
      assert.equal(related[0]?.headline, 'Story summit'); // shares three tags
      assert.equal(related[1]?.headline, 'Story grain'); // shares one, same section
      assert.ok(!related.some((r) => r.id === ids['kyiv-talks'] || r.id === ids.draft));
    });

    it('reuses tags by slug and keeps their order', async () => {
      const tags = await repo.tagsOfArticle(db.db, ids.summit!);
      assert.deepEqual(
        tags.map((t) => t.slug),
        ['nato', 'russia', 'ukraine'],
      );
    });

    it('refuses an unknown section or author with a validation error', async () => {
      await assert.rejects(service.create({ headline: 'X', section: 'nowhere' }, TEST_ACTOR), {
        code: 'validation_failed',
      });
      await assert.rejects(
        service.create({ headline: 'X', section: 'europe', authors: ['nobody'] }, TEST_ACTOR),
        {
          code: 'validation_failed',
        },
      );
      await assert.rejects(service.create({ headline: '', section: 'europe' }, TEST_ACTOR), {
        code: 'validation_failed',
      });
    });
  });
}

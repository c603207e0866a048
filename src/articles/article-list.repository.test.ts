import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { articleService, newsroomDatabase } from '../../test/support/newsroom-database.ts';
import { systemActor } from '../accounts/actor.ts';
import type { ArticleStatus } from '../core/db/schema.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import * as repo from './article-list.repository.ts';
import { countByStatus } from './article-list-counts.repository.ts';
import { authorSet, textSet } from './article-list-sets.repository.ts';
import type { ArticleService } from './articles.service.ts';

const TEST = systemActor('test');
const T0 = Date.UTC(2024, 9, 18, 12, 0);
const HOUR = 3_600_000;
const STATUSES: ArticleStatus[] = [
  'published',
  'draft',
  'published',
  'in_review',
  'unpublished',
  'scheduled',
];

interface Row {
  id: number;
  status: ArticleStatus;
  section: string;
  author: string;
  words: string[];
  headline: string;
  updated_at: number;
  published_at: number | null;
}

/**
 * The list's queries against what they must return, worked out here from the rows themselves: each
 * text and author filter both ways (a set read whole, and one so large it is checked row by row),
 * every order, every page boundary. Window 2 makes every set here "large".
 */
for (const dialect of testDialects()) {
  describe(`article list storage on ${dialect}`, () => {
    let db: TestDatabase;
    let sections: SectionTree;
    let service: ArticleService;
    const rows: Row[] = [];

    before(async () => {
      const newsroom = await newsroomDatabase(dialect, {
        sections: ['world', 'world/europe', 'business'],
        authors: ['Ana Petrova', 'Boris Ivanov'],
      });
      ({ db, sections } = newsroom);
      service = articleService(newsroom, { now: () => T0 });
      for (let i = 0; i < 30; i++) rows.push(await make(i));
    });
    after(async () => {
      await db?.dispose();
    });

    /** Article i: every one has "harbour", every third "lighthouse"; times tie in threes. */
    async function make(i: number): Promise<Row> {
      const words = i % 3 === 0 ? ['harbour', 'lighthouse'] : ['harbour'];
      const section = ['europe', 'business', 'world'][i % 3]!;
      const author = i % 2 === 0 ? 'ana-petrova' : 'boris-ivanov';
      const headline = `Story ${String((i * 7) % 30).padStart(2, '0')}`;
      const status = STATUSES[i % STATUSES.length]!;
      const id = await service.create(
        { headline, body: `<p>${words.join(' ')}</p>`, section, authors: [author], status: 'draft' },
        TEST,
      );
      if (status === 'in_review') await service.transition(id, 'submit', { actor: TEST });
      if (status === 'scheduled') await service.transition(id, 'schedule', { actor: TEST, at: T0 + HOUR });
      if (status === 'published' || status === 'unpublished')
        await service.transition(id, 'publish', { actor: TEST });
      if (status === 'unpublished') await service.transition(id, 'unpublish', { actor: TEST });
      const updated_at = T0 - Math.floor(i / 3) * HOUR;
      const published_at = status === 'published' || status === 'unpublished' ? T0 - (i % 4) * HOUR : null;
      await db.db.updateTable('articles').set({ updated_at, published_at }).where('id', '=', id).execute();
      return { id, status, section, author, words, headline, updated_at, published_at };
    }

    const text = (w: string) => ({ fts5: `"${w}"`, tsquery: `'${w}'` });

    /** Filters with their sets read through a window of `window` ids. */
    async function planned(
      f: { word?: string; author?: string; status?: ArticleStatus; section?: string },
      window: number,
    ): Promise<repo.ListFilters> {
      const match = f.word ? text(f.word) : undefined;
      const authorId = f.author
        ? (
            await db.db
              .selectFrom('authors')
              .select('id')
              .where('slug', '=', f.author)
              .executeTakeFirstOrThrow()
          ).id
        : undefined;
      const section = f.section ? sections.bySlugOrUndefined(f.section) : undefined;
      return {
        status: f.status,
        section: section && { id: section.id, isRoot: !section.parent },
        author: authorId ? { id: authorId, set: await authorSet(db.db, authorId, window) } : undefined,
        text: match && {
          match,
          reader: await textSet(db.db, match, 'reader', window),
          desk: await textSet(db.db, match, 'desk', window),
        },
      };
    }

    /** Every page, three rows at a time, following each page's last row. */
    async function allPages(f: repo.ListFilters, sort: repo.ListSort): Promise<number[]> {
      const out: number[] = [];
      let key: repo.ListKey | undefined;
      for (;;) {
        const got = await repo.listPage(db.db, f, sort, 3, key);
        const page = got.slice(0, 3);
        out.push(...page.map((r) => r.id));
        const last = page[page.length - 1];
        if (got.length <= 3 || !last) return out;
        const value =
          sort === 'headline' ? last.headline : sort === 'published' ? last.published_at : last.updated_at;
        key = { value, id: last.id };
      }
    }

    function expected(
      f: { word?: string; author?: string; status?: ArticleStatus; section?: string },
      sort: repo.ListSort,
    ): number[] {
      const under = (s: string) => s === f.section || (f.section === 'world' && s === 'europe');
      const kept = rows.filter(
        (r) =>
          (!f.word || r.words.includes(f.word)) &&
          (!f.author || r.author === f.author) &&
          (!f.status || r.status === f.status) &&
          (!f.section || under(r.section)),
      );
      const byId = (a: Row, b: Row) => b.id - a.id;
      const order = {
        updated: (a: Row, b: Row) => b.updated_at - a.updated_at || byId(a, b),
        headline: (a: Row, b: Row) =>
          a.headline < b.headline ? -1 : a.headline > b.headline ? 1 : a.id - b.id,
        published: (a: Row, b: Row) =>
          a.published_at === null || b.published_at === null
            ? (a.published_at === null ? 1 : 0) - (b.published_at === null ? 1 : 0) || byId(a, b)
            : b.published_at - a.published_at || byId(a, b),
      }[sort];
      return kept.sort(order).map((r) => r.id);
    }

    const CASES: { word?: string; author?: string; status?: ArticleStatus; section?: string }[] = [
      { word: 'harbour' },
      { word: 'lighthouse' },
      { word: 'harbour', status: 'draft' },
      { word: 'harbour', status: 'published' },
      { word: 'lighthouse', section: 'world' },
      { author: 'ana-petrova' },
      { author: 'boris-ivanov', status: 'unpublished' },
      { author: 'ana-petrova', word: 'lighthouse' },
      { section: 'business', status: 'draft' },
    ];

    it('pages a text or an author the same whether its set is read whole or checked row by row', async () => {
      for (const c of CASES) {
        for (const sort of repo.LIST_SORTS) {
          const want = expected(c, sort);
          assert.deepEqual(
            await allPages(await planned(c, 1000), sort),
            want,
            `${JSON.stringify(c)} ${sort}`,
          );
          assert.deepEqual(
            await allPages(await planned(c, 2), sort),
            want,
            `${JSON.stringify(c)} ${sort}, large`,
          );
        }
      }
    });

    it('counts each status exactly for small sets, and at least what it shows for large ones', async () => {
      for (const c of CASES) {
        const all = expected({ ...c, status: undefined }, 'updated').map(
          (id) => rows.find((r) => r.id === id)!,
        );
        const exact = (s: ArticleStatus) => all.filter((r) => r.status === s).length;
        const whole = await countByStatus(db.db, await planned(c, 1000), 'updated');
        const sampled = await countByStatus(db.db, await planned(c, 2), 'updated');
        for (const s of STATUSES) {
          assert.deepEqual(whole[s], { n: exact(s), atLeast: false }, `${JSON.stringify(c)} ${s}`);
          assert.ok(sampled[s].n <= exact(s), `${JSON.stringify(c)} ${s}: ${sampled[s].n} > ${exact(s)}`);
          if (c.word || c.author) assert.equal(sampled[s].atLeast, true, `${JSON.stringify(c)} ${s}`);
        }
      }
    });

    it('the desk index follows every write to an article, whoever makes it', async () => {
      const found = async (word: string, index: 'reader' | 'desk') =>
        (await textSet(db.db, text(word), index)).ids;
      const id = await service.create(
        { headline: 'Quay works', body: '<p>zebrafish</p>', section: 'world' },
        TEST,
      );
      assert.deepEqual(await found('zebrafish', 'desk'), [id]);
      await db.db.updateTable('articles').set({ body: '<p>axolotl</p>' }).where('id', '=', id).execute();
      assert.deepEqual(await found('zebrafish', 'desk'), []);
      assert.deepEqual(await found('axolotl', 'desk'), [id]);
      await service.transition(id, 'publish', { actor: TEST });
      assert.deepEqual([await found('axolotl', 'desk'), await found('axolotl', 'reader')], [[], [id]]);
      await service.transition(id, 'unpublish', { actor: TEST });
      assert.deepEqual([await found('axolotl', 'desk'), await found('axolotl', 'reader')], [[id], []]);
      // View counts and the like do not touch the index; a delete takes the article out of it.
      await db.db.updateTable('articles').set({ view_count: 5 }).where('id', '=', id).execute();
      assert.deepEqual(await found('axolotl', 'desk'), [id]);
      await db.db.deleteFrom('articles').where('id', '=', id).execute();
      assert.deepEqual(await found('axolotl', 'desk'), []);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { articleService, newsroomDatabase } from '../../test/support/newsroom-database.ts';
import { systemActor } from '../accounts/actor.ts';
import type { ArticleService } from '../articles/articles.service.ts';
import { BadRequestError } from '../core/errors.ts';
import { RelatedService } from '../related/related.service.ts';
import { SectionTree } from '../sections/sections.service.ts';
import { findTagBySlug } from '../tags/tags.repository.ts';
import { parseQuery, toFts5, toTsquery } from './query.ts';
import { SearchService } from './search.service.ts';
import { snippetHtml } from './snippet.ts';

const TEST_ACTOR = systemActor('test');

const NOW = Date.UTC(2024, 9, 18, 12, 0);
const DAY = 86_400_000;

describe('search query parsing', () => {
  it('keeps words, phrases and prefixes and drops every operator', () => {
    const q = parseQuery('"North Korea" ukrain* -x OR (NEAR) café\'s');
    assert.deepEqual(q.clauses, [
      { kind: 'phrase', words: ['north', 'korea'] },
      { kind: 'term', word: 'ukrain', prefix: true },
      { kind: 'term', word: 'x', prefix: false },
      { kind: 'term', word: 'or', prefix: false },
      { kind: 'term', word: 'near', prefix: false },
      { kind: 'term', word: 'cafe', prefix: false },
      { kind: 'term', word: 's', prefix: false },
    ]);
    assert.equal(toFts5(parseQuery('"north korea" ukrain*')), '"north korea" AND "ukrain"*');
    assert.equal(toTsquery(parseQuery('"north korea" ukrain*')), "('north' <-> 'korea') & 'ukrain':*");
  });

  it('turns junk into nothing rather than an error', () => {
    for (const junk of [
      '',
      '   ',
      '"""',
      '((((',
      '*',
      "'; drop table articles; --",
      '!!!???',
      '"unbalanced',
    ]) {
      const q = parseQuery(junk);
      assert.ok(
        q.clauses.every((c) => c.kind === 'phrase' || /^[\p{L}\p{N}]+$/u.test(c.word)),
        junk,
      );
    }
    assert.deepEqual(parseQuery('"unbalanced quote').clauses, [
      { kind: 'phrase', words: ['unbalanced', 'quote'] },
    ]);
  });
});

for (const dialect of testDialects()) {
  describe(`search on ${dialect}`, () => {
    let db: TestDatabase;
    let articles: ArticleService;
    let search: SearchService;
    const ids: Record<string, number> = {};

    const mk = async (
      key: string,
      a: {
        headline: string;
        lede?: string;
        body?: string;
        section?: string;
        tags?: string[];
        daysAgo?: number;
      },
      status: 'published' | 'draft' = 'published',
    ) => {
      ids[key] = await articles.create(
        {
          headline: a.headline,
          lede: a.lede ?? '',
          body: a.body ?? '<p>Nothing else to add.</p>',
          section: a.section ?? 'asia',
          tags: a.tags ?? [],
          authors: ['ana-petrova'],
          status,
          publishedAt: NOW - (a.daysAgo ?? 1) * DAY,
        },
        TEST_ACTOR,
      );
    };

    before(async () => {
      const newsroom = await newsroomDatabase(dialect, {
        sections: ['world', 'world/asia', 'world/ukraine', { slug: 'sport', name: 'Sport', position: 9 }],
        authors: ['Ana Petrova'],
      });
      db = newsroom.db;
      search = new SearchService(db.db, () => NOW);
      articles = articleService(newsroom, { now: () => NOW, indexers: [search, new RelatedService()] });
      await mk('missile', {
        headline: 'North Korea fires a missile',
        lede: 'The launch was the third this month.',
        tags: ['Korea'],
      });
      await mk('scattered', {
        headline: 'Trade talks in the north',
        lede: 'Delegates from Korea met in the northern city.',
      });
      await mk('grain', {
        headline: 'Grain corridor reopens',
        lede: 'Ukrainian ports are loading ships again.',
        section: 'ukraine',
        tags: ['Black Sea'],
      });
      await mk('harbour-new', { headline: 'Harbour strike continues', daysAgo: 1, section: 'sport' });
      await mk('harbour-old', { headline: 'Harbour strike continues', daysAgo: 90, section: 'sport' });
      await mk('draft', { headline: 'North Korea secret draft' }, 'draft');
      await mk('tagged', { headline: 'A quiet week', lede: 'Little happened.', tags: ['Pyongyang Watch'] });
      await mk('body', {
        headline: 'Inside the ministry',
        body: '<p>The report, long delayed, finally named the <strong>contractor</strong> behind the failed bridge.</p>',
      });
      for (let i = 0; i < 25; i++) await mk(`budget-${i}`, { headline: `Budget item ${i}`, daysAgo: 2 + i });
    });

    after(async () => {
      await db?.dispose();
    });

    const found = async (q: string, filters = {}) =>
      (await search.search({ q, filters, limit: 50 })).results.map((r) => r.article.id);

    it('finds words in headline, lede, body and tags, stemmed, and never drafts', async () => {
      assert.deepEqual((await found('north korea')).sort(), [ids.missile, ids.scattered].sort());
      assert.deepEqual(await found('contractor'), [ids.body]);
      assert.deepEqual(await found('contractors'), [ids.body], 'stemmed');
      assert.deepEqual(await found('pyongyang'), [ids.tagged], 'tag names are searched');
      assert.ok(!(await found('secret')).includes(ids.draft!));
    });

    it('matches phrases only when the words are adjacent, and prefixes', async () => {
      assert.deepEqual(await found('"north korea"'), [ids.missile]);
      assert.deepEqual(await found('ukrain*'), [ids.grain]);
      assert.deepEqual(await found('ukrainian'), [ids.grain]);
    });

    it('ranks by relevance with a boost for recent articles', async () => {
      const r = await found('harbour strike');
      assert.deepEqual(r, [ids['harbour-new'], ids['harbour-old']]);
      // A headline match outranks a passing mention in the lede.
      assert.equal((await found('korea'))[0], ids.missile);
    });

    it('marks the matched words in the snippet and escapes the rest', async () => {
      const [hit] = (await search.search({ q: 'contractor' })).results;
      assert.ok(hit);
      assert.ok(hit.snippet.some((s) => s.hit && s.text === 'contractor'));
      assert.match(snippetHtml(hit.snippet), /<mark>contractor<\/mark>/);
      assert.equal(snippetHtml([{ text: '<b>&', hit: false }]), '&lt;b&gt;&amp;');
    });

    it('filters by section, tag and date range', async () => {
      const sections = new SectionTree(db.db);
      await sections.reload();
      const asia = sections.bySlugOrUndefined('asia')!;
      const world = sections.bySlugOrUndefined('world')!;
      const sport = sections.bySlugOrUndefined('sport')!;
      assert.deepEqual(await found('harbour', { section: { id: asia.id, isRoot: false } }), []);
      assert.equal((await found('harbour', { section: { id: sport.id, isRoot: true } })).length, 2);
      assert.deepEqual(await found('grain', { section: { id: world.id, isRoot: true } }), [ids.grain]);
      const korea = await findTagBySlug(db.db, 'korea');
      assert.deepEqual(await found('north', { tagId: korea!.id }), [ids.missile]);
      assert.deepEqual(await found('harbour', { from: NOW - 10 * DAY }), [ids['harbour-new']]);
      assert.deepEqual(await found('harbour', { to: NOW - 10 * DAY }), [ids['harbour-old']]);
    });

    it('pages with a cursor: every match once, in order', async () => {
      const first = await search.search({ q: 'budget' });
      assert.equal(first.results.length, 20);
      assert.ok(first.next);
      const second = await search.search({ q: 'budget', cursor: first.next });
      assert.equal(second.results.length, 5);
      assert.equal(second.next, undefined);
      const all = [...first.results, ...second.results].map((r) => r.article.id);
      assert.equal(new Set(all).size, 25);
      // Newest first among equal text matches.
      assert.equal(all[0], ids['budget-0']);
      assert.equal(all[24], ids['budget-24']);
      await assert.rejects(search.search({ q: 'budget', cursor: 'not-a-cursor' }), BadRequestError);
    });

    it('answers junk with nothing or a clear error, never a failure', async () => {
      for (const junk of [
        '"""',
        '((((',
        '*',
        "' OR 1=1 --",
        'NEAR(north korea)',
        'north AND NOT',
        '"unbalanced',
      ]) {
        const r = await search.search({ q: junk });
        assert.ok(Array.isArray(r.results), junk);
      }
      await assert.rejects(search.search({ q: 'x'.repeat(5000) }), BadRequestError);
    });

    it('follows publish, update and unpublish at once', async () => {
      await mk('late', { headline: 'Volcano erupts near the coast' });
      assert.deepEqual(await found('volcano'), [ids.late]);
      await articles.update(
        ids.late!,
        {
          headline: 'Geyser erupts near the coast',
          lede: '',
          body: '<p>Steam.</p>',
          section: 'asia',
          tags: [],
          authors: ['ana-petrova'],
          kind: 'staff',
          breaking: false,
        },
        { expectedVersion: 1, actor: TEST_ACTOR },
      );
      assert.deepEqual(await found('volcano'), []);
      assert.deepEqual(await found('geyser'), [ids.late]);
      await articles.transition(ids.late!, 'unpublish', { actor: TEST_ACTOR });
      assert.deepEqual(await found('geyser'), []);
      await articles.transition(ids.late!, 'publish', { actor: TEST_ACTOR });
      assert.deepEqual(await found('geyser'), [ids.late]);
    });

    it('rebuilds the whole index', async () => {
      const before = await found('korea');
      const progress: number[] = [];
      const n = await search.reindex((d) => progress.push(d));
      assert.ok(n >= 30);
      assert.equal(progress.at(-1), n);
      assert.deepEqual(await found('korea'), before);
    });
  });
}

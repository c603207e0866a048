import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { systemActor } from '../accounts/actor.ts';
import { insertAuthor } from '../authors/authors.repository.ts';
import { insertSection } from '../sections/sections.repository.ts';
import { SectionTree } from '../sections/sections.service.ts';
import { findTagBySlug } from '../tags/tags.repository.ts';
import { ArticleService } from './articles.service.ts';
import { ListingReader, PAGE_SIZE } from './listings.reader.ts';

const T0 = Date.UTC(2024, 9, 18, 12, 0);
const HOUR = 3600_000;
const actor = systemActor('test');

for (const dialect of testDialects()) {
  describe(`listing reader on ${dialect}`, () => {
    let db: TestDatabase;
    let reader: ListingReader;
    let sections: SectionTree;
    /** Ids in the section (children included) they were filed under, newest first. */
    const filed: Record<string, number[]> = { world: [], ukraine: [], europe: [], business: [] };
    let authorId: number;

    before(async () => {
      db = await freshDatabase(dialect);
      const section = (slug: string, parent: number | null, position: number) =>
        insertSection(db.db, { slug, name: slug, parent_id: parent, description: '', position });
      const world = await section('world', null, 0);
      await section('ukraine', world, 1);
      await section('europe', world, 2);
      await section('business', null, 3);
      authorId = await insertAuthor(db.db, { slug: 'ana-petrova', name: 'Ana Petrova', bio: '' });
      sections = new SectionTree(db.db);
      await sections.reload();
      const service = new ArticleService({ db: db.db, sections, now: () => T0 });
      const mk = async (slug: string, hoursAgo: number, status: 'published' | 'draft' = 'published') => {
        const id = await service.create(
          {
            headline: `Story ${hoursAgo}`,
            lede: 'Lede',
            body: '<p>Body</p>',
            section: slug,
            tags: [slug],
            authors: slug === 'business' ? [] : ['ana-petrova'],
            status,
            publishedAt: T0 - hoursAgo * HOUR,
          },
          actor,
        );
        if (status === 'published') filed[slug]!.push(id);
      };
      // 25 in World and its children, interleaved in time; exactly one page in Business.
      for (let i = 0; i < 25; i++) await mk(['world', 'ukraine', 'europe'][i % 3]!, 1 + i);
      for (let i = 0; i < PAGE_SIZE; i++) await mk('business', 1.5 + i);
      await mk('ukraine', 0.5, 'draft');
      reader = new ListingReader(db.db);
    });

    after(async () => {
      await db?.dispose();
    });

    const worldIds = () => [...filed.world!, ...filed.ukraine!, ...filed.europe!];

    it("pages a root section through its children's articles, with the next cursor and the keys", async () => {
      const world = sections.bySlugOrUndefined('world')!;
      const scope = { kind: 'section', id: world.id, isRoot: true } as const;
      const first = await reader.page(scope);
      assert.equal(first.items.length, PAGE_SIZE);
      const times = first.items.map((a) => a.published_at);
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      const last = first.items.at(-1)!;
      assert.deepEqual(first.next, { publishedAt: last.published_at, id: last.id });
      assert.deepEqual(first.keys, [`s:${world.id}`, ...first.items.map((a) => `a:${a.id}`)]);

      const second = await reader.page(scope, first.next);
      assert.equal(second.items.length, 5);
      assert.equal(second.next, undefined);
      assert.deepEqual(second.keys, [`s:${world.id}`, ...second.items.map((a) => `a:${a.id}`)]);
      const seen = [...first.items, ...second.items].map((a) => a.id);
      assert.deepEqual(
        [...seen].sort((a, b) => a - b),
        worldIds().sort((a, b) => a - b),
      );
    });

    it("lists a child section's own articles only, and no drafts", async () => {
      const ukraine = sections.bySlugOrUndefined('ukraine')!;
      const page = await reader.page({ kind: 'section', id: ukraine.id, isRoot: false });
      assert.deepEqual(
        page.items.map((a) => a.id).sort((a, b) => a - b),
        [...filed.ukraine!].sort((a, b) => a - b),
      );
      assert.equal(page.next, undefined);
      assert.equal(page.keys[0], `s:${ukraine.id}`);
    });

    it('gives no next cursor when the listing fills exactly one page', async () => {
      const business = sections.bySlugOrUndefined('business')!;
      const page = await reader.page({ kind: 'section', id: business.id, isRoot: true });
      assert.equal(page.items.length, PAGE_SIZE);
      assert.equal(page.next, undefined);
    });

    it('keys tag, author, archive and site-wide listings by their own names', async () => {
      const tag = (await findTagBySlug(db.db, 'europe'))!;
      const tagged = await reader.page({ kind: 'tag', id: tag.id });
      assert.equal(tagged.items.length, filed.europe!.length);
      assert.deepEqual(tagged.keys, [`t:${tag.id}`, ...tagged.items.map((a) => `a:${a.id}`)]);

      const byAuthor = await reader.page({ kind: 'author', id: authorId });
      assert.equal(byAuthor.keys[0], `u:${authorId}`);
      assert.ok(byAuthor.next, 'the 25 World stories take two pages');

      const range = await reader.page({ kind: 'archive', from: T0 - 3 * HOUR, to: T0 });
      assert.equal(range.keys[0], 'archive');
      // Published in the three hours: at 1, 1.5, 2, 2.5 and 3 hours before T0 (the range is half-open).
      assert.equal(range.items.length, 5);

      const newest = await reader.newest({ kind: 'latest' }, 3);
      assert.deepEqual(
        newest.items.map((a) => a.published_at),
        [T0 - HOUR, T0 - 1.5 * HOUR, T0 - 2 * HOUR],
      );
      assert.deepEqual(newest.keys, ['feeds', ...newest.items.map((a) => `a:${a.id}`)]);
    });
  });
}

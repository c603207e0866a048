import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { freshDatabase, type TestDatabase, testDialects } from '../../../test/support/databases.ts';
import { up } from './migrations/0006-plain-text.ts';

for (const dialect of testDialects()) {
  describe(`migration 0006 (plain text) on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await freshDatabase(dialect);
    });
    after(async () => {
      await db?.dispose();
    });

    it('turns the entities older versions stored back into characters', async () => {
      // As an older version wrote them: sanitiser output, entities and all.
      await db.db
        .insertInto('sections')
        .values({
          slug: 'ma',
          name: 'M&amp;A',
          parent_id: null,
          description: 'Mergers &amp; deals',
          position: 0,
        })
        .execute();
      await db.db.insertInto('tags').values({ slug: 'at-t', name: 'AT&amp;T' }).execute();
      await db.db.insertInto('tags').values({ slug: 'typed', name: 'typed &amp;lt; itself' }).execute();
      await db.db.insertInto('tags').values({ slug: 'plain', name: 'Plain' }).execute();
      await up(db.db as never);
      const sections = await db.db.selectFrom('sections').select(['name', 'description']).execute();
      assert.deepEqual(sections, [{ name: 'M&A', description: 'Mergers & deals' }]);
      const tags = await db.db.selectFrom('tags').select('name').orderBy('slug').execute();
      assert.deepEqual(
        tags.map((t) => t.name),
        ['AT&T', 'Plain', 'typed &lt; itself'],
      );
      // Running it again changes nothing that is already text.
      await up(db.db as never);
      assert.equal(
        (await sql<{ n: number }>`select count(*) as n from tags where name = 'AT&T'`.execute(db.db)).rows[0]
          ?.n,
        1,
      );
    });
  });
}

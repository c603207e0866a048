import type { Database } from '../core/db/database.ts';
import type { AuthorRow } from '../core/db/schema.ts';

export async function findAuthorBySlug(db: Database, slug: string): Promise<AuthorRow | undefined> {
  return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findAuthorsBySlugs(db: Database, slugs: string[]): Promise<AuthorRow[]> {
  if (slugs.length === 0) return [];
  return db.selectFrom('authors').selectAll().where('slug', 'in', slugs).execute();
}

export async function insertAuthor(
  db: Database,
  a: { slug: string; name: string; bio: string },
): Promise<number> {
  const r = await db.insertInto('authors').values(a).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function listAuthors(db: Database) {
  return db.selectFrom('authors').select(['id', 'slug', 'name']).orderBy('name').execute();
}

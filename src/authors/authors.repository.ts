import type { Database } from '../core/db/database.ts';
import type { AuthorRow } from '../core/db/schema.ts';

export async function findAuthorBySlug(db: Database, slug: string): Promise<AuthorRow | undefined> {
  return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findAuthorById(db: Database, id: number): Promise<AuthorRow | undefined> {
  return db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAuthorsBySlugs(db: Database, slugs: string[]): Promise<AuthorRow[]> {
  if (slugs.length === 0) return [];
  return db.selectFrom('authors').selectAll().where('slug', 'in', slugs).execute();
}

/** What a profile holds besides its id; `links` is the JSON text of [{ label, url }]. */
export interface AuthorFields {
  slug: string;
  name: string;
  bio: string;
  title?: string;
  photo_media_id?: number | null;
  links?: string;
}

export async function insertAuthor(db: Database, a: AuthorFields): Promise<number> {
  const r = await db.insertInto('authors').values(a).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAuthor(db: Database, id: number, a: AuthorFields): Promise<void> {
  await db.updateTable('authors').set(a).where('id', '=', id).execute();
}

export async function listAuthors(db: Database) {
  return db.selectFrom('authors').select(['id', 'slug', 'name']).orderBy('name').execute();
}

/** Every profile for the newsroom's list, with the account linked to it (if any). */
export async function listAuthorProfiles(db: Database) {
  return db
    .selectFrom('authors as a')
    .leftJoin('users as u', 'u.author_id', 'a.id')
    .select(['a.id', 'a.slug', 'a.name', 'a.title', 'u.id as user_id', 'u.name as user_name'])
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
}

export async function addAuthorRedirect(db: Database, oldSlug: string, authorId: number): Promise<void> {
  await db
    .insertInto('author_redirects')
    .values({ old_slug: oldSlug, author_id: authorId })
    .onConflict((oc) => oc.column('old_slug').doUpdateSet({ author_id: authorId }))
    .execute();
  // A slug taken back into use must not redirect away from itself.
  await db
    .deleteFrom('author_redirects')
    .where('old_slug', 'in', db.selectFrom('authors').select('slug'))
    .execute();
}

/** The current slug of the profile that once had `oldSlug`. */
export async function findAuthorRedirect(db: Database, oldSlug: string) {
  return db
    .selectFrom('author_redirects as r')
    .innerJoin('authors as a', 'a.id', 'r.author_id')
    .select(['a.slug'])
    .where('r.old_slug', '=', oldSlug)
    .executeTakeFirst();
}

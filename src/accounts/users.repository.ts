import type { Database } from '../core/db/database.ts';
import type { Role, UserRow } from '../core/db/schema.ts';

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Database, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The account whose byline the profile is, if any (one at most: a unique index). */
export async function findUserByAuthor(db: Database, authorId: number) {
  return db.selectFrom('users').select(['id', 'name']).where('author_id', '=', authorId).executeTakeFirst();
}

export async function authorExists(db: Database, authorId: number): Promise<boolean> {
  const r = await db.selectFrom('authors').select('id').where('id', '=', authorId).executeTakeFirst();
  return r !== undefined;
}

export async function listUsers(db: Database): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('name').execute();
}

export async function insertUser(
  db: Database,
  u: {
    email: string;
    name: string;
    role: Role;
    password_hash: string;
    author_id: number | null;
    /** 1 when the password was made for them (a one-time password to replace at first login). */
    must_change_password: number;
    now: number;
  },
): Promise<number> {
  const { now, ...rest } = u;
  const r = await db
    .insertInto('users')
    .values({ ...rest, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUser(
  db: Database,
  id: number,
  patch: Partial<
    Pick<
      UserRow,
      | 'role'
      | 'disabled'
      | 'password_hash'
      | 'failed_logins'
      | 'locked_until'
      | 'name'
      | 'author_id'
      | 'must_change_password'
    >
  > & {
    updated_at: number;
  },
): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** Counts a failed login atomically and returns the new count. */
export async function recordFailedLogin(db: Database, id: number): Promise<number> {
  const r = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', id)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return r.failed_logins;
}

export async function countUsers(db: Database): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

import type { Database } from '../core/db/database.ts';
import type { Role, UserRow } from '../core/db/schema.ts';

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Database, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
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
    Pick<UserRow, 'role' | 'disabled' | 'password_hash' | 'failed_logins' | 'locked_until' | 'name'>
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

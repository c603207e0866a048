import type { Database } from '../core/db/database.ts';

/** What a session or an API token says about its user (see session-user.ts). */
const USER_COLUMNS = [
  'u.id',
  'u.email',
  'u.name',
  'u.role',
  'u.author_id',
  'u.must_change_password',
] as const;

export async function insertSession(
  db: Database,
  s: { id_hash: string; user_id: number; csrf_token: string; created_at: number; expires_at: number },
): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

/** The session and its user, if the session exists, has not expired and the user is enabled. */
export async function findLiveSession(db: Database, idHash: string, now: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.csrf_token', 's.expires_at', ...USER_COLUMNS])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .where('u.disabled', '=', 0)
    .executeTakeFirst();
}

export async function deleteSession(db: Database, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends the user's sessions, but the one whose hash is `except` (the session making a change). */
export async function deleteUserSessions(db: Database, userId: number, except?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) q = q.where('id_hash', '<>', except);
  await q.execute();
}

export async function revokeUserApiTokens(db: Database, userId: number, now: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function deleteExpiredSessions(db: Database, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export async function insertApiToken(
  db: Database,
  t: { user_id: number; name: string; token_hash: string; created_at: number },
): Promise<number> {
  const r = await db.insertInto('api_tokens').values(t).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function findLiveApiToken(db: Database, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', ...USER_COLUMNS])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.disabled', '=', 0)
    .executeTakeFirst();
}

export async function listApiTokens(db: Database, userId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function revokeApiToken(
  db: Database,
  userId: number,
  id: number,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

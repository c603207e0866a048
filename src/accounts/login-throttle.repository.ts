import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';

/** When the key is locked out, or null. */
export async function lockedUntil(db: Database, key: string, now: number): Promise<number | null> {
  const r = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  return r?.locked_until && r.locked_until > now ? r.locked_until : null;
}

/**
 * Counts one failure for the key in one atomic statement: a count older than the window starts
 * again from one. Returns the count in the current window.
 */
export async function recordFailure(
  db: Database,
  key: string,
  now: number,
  windowMs: number,
): Promise<number> {
  const stale = now - windowMs;
  const r = await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, first_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when login_throttle.first_at < ${stale} then 1 else login_throttle.failures + 1 end`,
        first_at: sql`case when login_throttle.first_at < ${stale} then ${now} else login_throttle.first_at end`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return r.failures;
}

export async function lock(db: Database, key: string, until: number): Promise<void> {
  await db.updateTable('login_throttle').set({ locked_until: until }).where('key', '=', key).execute();
}

export async function clear(db: Database, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Drops entries whose window and lock are both over (called now and then; the table stays small). */
export async function prune(db: Database, before: number): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('first_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}

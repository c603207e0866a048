import type { Database } from '../core/db/database.ts';

/**
 * Takes or renews the named lease for `holder` until `until`, if it is free, expired or already
 * ours. With several nodes on one database, only one holds a lease at a time.
 */
export async function acquireLease(
  db: Database,
  name: string,
  holder: string,
  now: number,
  until: number,
): Promise<boolean> {
  await db
    .insertInto('job_leases')
    .values({ name, holder, expires_at: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('job_leases')
    .set({ holder, expires_at: until })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('holder', '=', holder)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}

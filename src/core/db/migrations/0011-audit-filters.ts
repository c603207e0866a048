import type { Kysely } from 'kysely';

/**
 * The audit log screen filters by action, by user and by subject and pages by id (issue 12). Each
 * index ends in the id, so a filtered page is a range read in id order at any size of the log,
 * and the list of actions present is a handful of seeks in the action index (audit.repository.ts).
 * The date range uses the (at, id) index made in 0002.
 */
const INDEXES = [
  { name: 'audit_log_action', columns: ['action', 'id'] },
  { name: 'audit_log_user', columns: ['user_id', 'id'] },
  { name: 'audit_log_subject', columns: ['subject', 'id'] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const ix of INDEXES)
    await db.schema.createIndex(ix.name).on('audit_log').columns(ix.columns).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const ix of INDEXES) await db.schema.dropIndex(ix.name).ifExists().execute();
}

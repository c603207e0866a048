import type { Database } from '../core/db/database.ts';
import { type AuditEntry, insertAudit, listAudit } from './audit.repository.ts';

/** One entry as the audit log screen shows it, with the acting user's name when there is one. */
export type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];

/** Who did what, when: logins, publishes, unpublishes, deletions and role changes. */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an entry; pass a transaction to make it part of that commit. */
  record(entry: AuditEntry, db: Database = this.db): Promise<void> {
    return insertAudit(db, this.now(), entry);
  }

  /** The newest `limit` entries, or those older than entry `beforeId` (the next page). */
  list(limit: number, beforeId?: number): Promise<AuditRow[]> {
    return listAudit(this.db, limit, beforeId);
  }
}

import type { Database } from '../core/db/database.ts';
import { type AuditEntry, insertAudit } from './audit.repository.ts';

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
}

import type { Database } from '../core/db/database.ts';
import { type AuditEntry, insertAudit } from './audit.repository.ts';

/** Who did what, when: logins, publishes, unpublishes, deletions and role changes. */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: AuditEntry): Promise<void> {
    return insertAudit(this.db, this.now(), entry);
  }
}

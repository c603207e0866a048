import type { Database } from '../core/db/database.ts';

export interface AuditEntry {
  userId: number | null;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function insertAudit(db: Database, at: number, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      user_id: e.userId,
      action: e.action,
      subject: e.subject ?? null,
      details: JSON.stringify(e.details ?? {}),
      ip: e.ip ?? null,
    })
    .execute();
}

export async function listAudit(db: Database, limit: number, beforeId?: number) {
  let q = db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .select([
      'l.id',
      'l.at',
      'l.action',
      'l.subject',
      'l.details',
      'l.ip',
      'u.name as user_name',
      'u.email as user_email',
    ]);
  if (beforeId !== undefined) q = q.where('l.id', '<', beforeId);
  return q.orderBy('l.id', 'desc').limit(limit).execute();
}

import type { SessionUser } from '../accounts/accounts.service.ts';
import { formatDateLine } from '../core/time.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { DataTable } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';
import type { AuditRow } from './audit.service.ts';

/** Entries per page of the audit log. */
export const AUDIT_PAGE_SIZE = 100;

/** Who acted, for an entry with no user: the system actor it names, or an anonymous visitor. */
export function actorLabel(details: string): string {
  try {
    const by = (JSON.parse(details) as { by?: unknown }).by;
    return typeof by === 'string' ? `system (${by})` : 'anonymous';
  } catch {
    return 'anonymous';
  }
}

export interface AuditPageProps {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  rows: AuditRow[];
}

export function AuditPage(p: AuditPageProps) {
  const tz = p.site.timeZone;
  const last = p.rows[p.rows.length - 1];
  return (
    <NewsroomLayout site={p.site} title="Audit log" user={p.user} csrf={p.csrf}>
      <DataTable caption="Audit log, newest first" columns={['When', 'Who', 'Action', 'Subject', 'Details']}>
        {p.rows.map((r) => (
          <tr key={r.id}>
            <td>{formatDateLine(r.at, tz)}</td>
            <td>{r.user_name ?? actorLabel(r.details)}</td>
            <td>{r.action}</td>
            <td>{r.subject}</td>
            <td>
              <code>{r.details === '{}' ? '' : r.details}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      {/* A full page may have older entries behind it. */}
      {p.rows.length === AUDIT_PAGE_SIZE && last && (
        <p>
          <a href={`/newsroom/audit?before=${last.id}`}>Older entries</a>
        </p>
      )}
    </NewsroomLayout>
  );
}

import type { FastifyInstance } from 'fastify';
import { requestActor } from '../accounts/auth.ts';
import { parseId, queryString, sendPage } from '../http/html.ts';
import type { SiteContext } from '../render/context.ts';
import { AUDIT_PAGE_SIZE, AuditPage } from './audit.page.tsx';
import type { AuditLog } from './audit.service.ts';

/** The audit log screen (admins): newest first, a page at a time. */
export function auditRoutes(app: FastifyInstance, deps: { audit: AuditLog; site: () => SiteContext }): void {
  app.get('/newsroom/audit', { config: { permission: 'audit.read' } }, async (req, reply) => {
    // A missing or mangled `before` means the newest entries, as the first page.
    const before = parseId(queryString(req.query, 'before'));
    const rows = await deps.audit.list(AUDIT_PAGE_SIZE, before);
    return sendPage(
      reply,
      <AuditPage site={deps.site()} user={requestActor(req)} csrf={req.csrfToken} rows={rows} />,
    );
  });
}

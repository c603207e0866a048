import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fieldErrors } from '../core/errors.ts';
import { MAX_INT32 } from '../core/numbers.ts';
import { dayRange, formValues, queryField } from '../http/forms.ts';
import { sendPage } from '../http/html.ts';
import { screenFrame } from '../newsroom/screen.ts';
import type { SiteContext } from '../render/context.ts';
import { AUDIT_PAGE_SIZE, AuditLogPage } from './audit.page.tsx';
import type { AuditLog, AuditQuery } from './audit.service.ts';

/** Digits within an id's range, else the message. */
const id = (message: string) =>
  queryField
    .text(10)
    .refine((v) => v === undefined || (/^[1-9][0-9]*$/.test(v) && Number(v) <= MAX_INT32), message)
    .transform((v) => (v === undefined ? undefined : Number(v)));

/** Actions are dotted lower-case names (`article.preview-link`); `family.*` stands for a family. */
const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*(\.\*)?$/;
/** Subjects are `kind:id` or a bare name (`home`). */
const SUBJECT = /^[a-z][a-z_-]*(:[0-9]{1,10})?$/;
const BAD_PAGE = 'This page link is not valid. Start again from the newest entries.';

/** The log's query string: every parameter checked, days read in the site's time zone. */
export const auditQuery = (tz: string) =>
  z
    .object({
      action: queryField
        .text(64)
        .refine((v) => v === undefined || ACTION.test(v), 'Choose an action from the list.'),
      user: id('Choose a user from the list.'),
      subject: queryField
        .text(120)
        .refine((v) => v === undefined || SUBJECT.test(v), 'A subject like article:12, user:3 or home.'),
      from: queryField.localDay(tz),
      to: queryField.localDay(tz),
      before: id(BAD_PAGE),
      after: id(BAD_PAGE),
    })
    .transform((v, ctx): AuditQuery => {
      const { from, to } = dayRange(v, ctx);
      if (v.before !== undefined && v.after !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['after'], message: BAD_PAGE });
      }
      const cursor =
        v.before !== undefined
          ? { before: v.before }
          : v.after !== undefined
            ? { after: v.after }
            : undefined;
      return { action: v.action, userId: v.user, subject: v.subject, from, to, cursor };
    });

/** The audit log screen (admins): newest first, filtered, a page at a time. */
export function auditRoutes(app: FastifyInstance, deps: { audit: AuditLog; site: () => SiteContext }): void {
  app.get('/newsroom/audit', { config: { permission: 'audit.read' } }, async (req, reply) => {
    const site = deps.site();
    const values = formValues(req.query);
    const frame = { ...screenFrame(req, site), values };
    const parsed = auditQuery(site.timeZone).safeParse(values);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      const error = `The log cannot be shown: ${Object.entries(fields)
        .map(([k, m]) => `"${k}": ${m}`)
        .join(' ')}`;
      const choices = await deps.audit.choices();
      return sendPage(reply, <AuditLogPage {...frame} choices={choices} refusal={{ error, fields }} />, 400);
    }
    const result = await deps.audit.page(parsed.data, AUDIT_PAGE_SIZE);
    return sendPage(reply, <AuditLogPage {...frame} choices={result} result={result} />);
  });
}

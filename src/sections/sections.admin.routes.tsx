import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import { formField } from '../http/forms.ts';
import { sendPage } from '../http/html.ts';
import { itemId, type Refusal, screenChanges } from '../newsroom/change.ts';
import { screenFrame } from '../newsroom/screen.ts';
import { SectionsAdminPage } from './sections.admin.page.tsx';

const BACK = '/newsroom/sections';
const MANAGE = { config: { permission: 'taxonomy.manage' } } as const;

const name = formField.required(200, 'The section needs a name.');

/** A section slug as typed ('' keeps the current one); upper case is accepted and lowered. */
const slug = formField
  .text(120)
  .transform((s) => s.toLowerCase())
  .refine(
    (s) => s === '' || SLUG_PATTERN.test(s),
    'The slug may hold only lower-case letters, digits and hyphens.',
  );

const sectionCreateForm = z.object({
  name,
  description: formField.text(500),
  /** The parent's slug; '' for a top-level section. */
  parent: formField.text(120).transform((s) => s || undefined),
});

const sectionRenameForm = z.object({ name, slug });

/** The sections screen: editors create, rename and delete sections. */
export function sectionAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const admin = ctx.sectionAdmin;

  const show = (
    req: FastifyRequest,
    reply: FastifyReply,
    refusal?: Refusal & { form?: 'new' | number },
    status = 200,
  ) =>
    sendPage(
      reply,
      <SectionsAdminPage
        {...screenFrame(req, ctx.site())}
        sections={ctx.sections.all()}
        parents={ctx.sections.topLevel()}
        {...(refusal ? { refusal } : {})}
      />,
      status,
    );
  const changes = screenChanges(BACK, show);

  app.get(BACK, MANAGE, (req, reply) => show(req, reply));

  app.post(BACK, MANAGE, (req, reply) =>
    changes.submit(
      req,
      reply,
      sectionCreateForm,
      ({ name, description, parent }) =>
        admin.create({ name, description, parentSlug: parent }, req.user!.id),
      'new',
    ),
  );

  app.post('/newsroom/sections/:id', MANAGE, (req, reply) =>
    changes.submitOn(
      req,
      reply,
      sectionRenameForm,
      (id, data) => admin.rename(id, data, req.user!.id),
      (id) => id,
    ),
  );

  app.post('/newsroom/sections/:id/delete', MANAGE, (req, reply) =>
    changes.run(req, reply, () => admin.remove(itemId(req), req.user!.id)),
  );
}

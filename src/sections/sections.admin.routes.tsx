import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { parseId, sendPage } from '../http/html.ts';
import { type Refusal, screenChanges } from '../newsroom/change.ts';
import { screenFrame } from '../newsroom/screen.ts';
import { SectionsAdminPage } from './sections.admin.page.tsx';
import { sectionCreateForm, sectionRenameForm } from './sections.admin.schema.ts';

const BACK = '/newsroom/sections';

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

  app.get(BACK, { config: { permission: 'taxonomy.manage' } }, (req, reply) => show(req, reply));

  app.post(BACK, { config: { permission: 'taxonomy.manage' } }, (req, reply) =>
    changes.submit(
      req,
      reply,
      sectionCreateForm,
      ({ name, description, parent }) =>
        admin.create({ name, description, parentSlug: parent }, req.user!.id),
      'new',
    ),
  );

  app.post<{ Params: { id: string } }>(
    '/newsroom/sections/:id',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) => {
      // An id out of range matches no section: the service answers "No such section." (404).
      const id = parseId(req.params.id) ?? 0;
      return changes.submit(
        req,
        reply,
        sectionRenameForm,
        (data) => admin.rename(id, data, req.user!.id),
        id,
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/newsroom/sections/:id/delete',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) => changes.run(req, reply, () => admin.remove(parseId(req.params.id) ?? 0, req.user!.id)),
  );
}

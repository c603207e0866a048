import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { formValues } from '../http/forms.ts';
import { parseId, sendPage } from '../http/html.ts';
import { type Refusal, screenChanges } from '../newsroom/change.ts';
import { screenFrame } from '../newsroom/screen.ts';
import { type TagForm, TagsAdminPage } from './tags.admin.page.tsx';
import { tagMergeForm, tagRenameForm, tagSearchQuery } from './tags.admin.schema.ts';

const BACK = '/newsroom/tags';

/** The tags screen: editors rename, merge and delete tags. */
export function tagAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const admin = ctx.tagAdmin;

  const show = async (
    req: FastifyRequest,
    reply: FastifyReply,
    refusal?: Refusal & { form?: TagForm },
    status = 200,
  ) => {
    const { q } = tagSearchQuery.parse(formValues(req.query));
    const tags = await admin.list(q);
    return sendPage(
      reply,
      <TagsAdminPage {...screenFrame(req, ctx.site())} tags={tags} q={q} {...(refusal ? { refusal } : {})} />,
      status,
    );
  };

  const changes = screenChanges(BACK, show);

  app.get(BACK, { config: { permission: 'taxonomy.manage' } }, (req, reply) => show(req, reply));

  app.post<{ Params: { id: string } }>(
    '/newsroom/tags/:id',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) => {
      // An id out of range matches no tag: the service answers "No such tag." (404).
      const id = parseId(req.params.id) ?? 0;
      return changes.submit(
        req,
        reply,
        tagRenameForm,
        ({ name, slug }) => admin.rename(id, { name, slug: slug || undefined }, req.user!.id),
        { tag: id, action: 'rename' },
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/newsroom/tags/:id/merge',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) => {
      const id = parseId(req.params.id) ?? 0;
      return changes.submit(
        req,
        reply,
        tagMergeForm,
        ({ into }) => admin.mergeIntoSlug(id, into, req.user!.id),
        { tag: id, action: 'merge' },
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/newsroom/tags/:id/delete',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) => changes.run(req, reply, () => admin.remove(parseId(req.params.id) ?? 0, req.user!.id)),
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { formField, formValues } from '../http/forms.ts';
import { sendPage } from '../http/html.ts';
import { itemId, type Refusal, screenChanges } from '../newsroom/change.ts';
import { screenFrame } from '../newsroom/screen.ts';
import { type TagForm, TagsAdminPage } from './tags.admin.page.tsx';

const BACK = '/newsroom/tags';
const MANAGE = { config: { permission: 'taxonomy.manage' } } as const;

const tagRenameForm = z.object({
  name: formField.required(200, 'The tag needs a name.'),
  /** Not on the screen's form (the slug follows the name); the service checks its shape. */
  slug: formField.text(200),
});

const tagMergeForm = z.object({
  into: formField.required(120, 'Enter the slug of the tag to merge into.'),
});

/** The tags screen's search box: anything unusable (a list, too long) is cut or ignored, never an error. */
const tagSearchQuery = z.object({
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((q) => (q ?? '').trim().slice(0, 80)),
});

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

  app.get(BACK, MANAGE, (req, reply) => show(req, reply));

  app.post('/newsroom/tags/:id', MANAGE, (req, reply) =>
    changes.submitOn(
      req,
      reply,
      tagRenameForm,
      (id, { name, slug }) => admin.rename(id, { name, slug: slug || undefined }, req.user!.id),
      (tag) => ({ tag, action: 'rename' }),
    ),
  );

  app.post('/newsroom/tags/:id/merge', MANAGE, (req, reply) =>
    changes.submitOn(
      req,
      reply,
      tagMergeForm,
      (id, { into }) => admin.mergeIntoSlug(id, into, req.user!.id),
      (tag) => ({ tag, action: 'merge' }),
    ),
  );

  app.post('/newsroom/tags/:id/delete', MANAGE, (req, reply) =>
    changes.run(req, reply, () => admin.remove(itemId(req), req.user!.id)),
  );
}

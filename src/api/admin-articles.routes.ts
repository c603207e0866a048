import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../accounts/auth.ts';
import { articleContentSchema } from '../articles/articles.schema.ts';
import type { AppContext } from '../context.ts';
import { NotFoundError } from '../core/errors.ts';
import { MAX_INT32 } from '../core/numbers.ts';
import { articleUrl } from '../core/urls.ts';
import { parseId } from '../http/html.ts';
import type { ApiRegistry } from './openapi.ts';

const articleSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  url: z.string(),
  status: z.enum(['draft', 'in_review', 'scheduled', 'published', 'unpublished']),
  version: z.number().int(),
  headline: z.string(),
  place: z.string().nullable(),
  lede: z.string(),
  body: z.string(),
  section: z.string(),
  tags: z.array(z.string()),
  authors: z.array(z.string()),
  kind: z.string(),
  breaking: z.boolean(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  scheduledAt: z.string().nullable(),
});

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

const createSchema = articleContentSchema.extend({
  submit: z.boolean().default(false),
  /** Create and publish in one request (editors and admins). */
  publish: z.boolean().default(false),
});
const updateSchema = articleContentSchema.extend({
  version: z.number().int().positive().max(MAX_INT32),
  correction: z.string().max(1000).optional(),
});
const versionSchema = z.object({ version: z.number().int().positive().max(MAX_INT32).optional() });
const scheduleSchema = versionSchema.extend({ at: z.iso.datetime() });

const errors = {
  400: { description: 'Malformed request', schema: errorSchema },
  401: { description: 'No or invalid token', schema: errorSchema },
  403: { description: 'Not permitted for this user', schema: errorSchema },
  404: { description: 'No such article', schema: errorSchema },
  409: {
    description: 'Changed since the given version, or not allowed in its current status',
    schema: errorSchema,
  },
  422: { description: 'Invalid fields', schema: errorSchema },
};

const BASE = '/api/admin/v1/articles';

function idOf(raw: string | undefined): number {
  const id = parseId(raw ?? '');
  if (!id) throw new NotFoundError('No such article.');
  return id;
}

/** An article as the API answers it. */
function presenter(ctx: AppContext) {
  return async (id: number) => {
    const found = await ctx.articleDesk.withContent(id);
    if (!found) throw new NotFoundError('No such article.');
    const { article: a } = found;
    const { leadImage: _lead, ...content } = found.content;
    const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
    return {
      ...content,
      id: a.id,
      slug: a.slug,
      url: `${ctx.config.siteUrl}${articleUrl(a)}`,
      status: a.status,
      version: a.version,
      place: a.place,
      publishedAt: iso(a.published_at),
      updatedAt: iso(a.updated_at)!,
      scheduledAt: iso(a.scheduled_at),
    } satisfies z.infer<typeof articleSchema>;
  };
}

export function adminArticleRoutes(_app: FastifyInstance, ctx: AppContext, api: ApiRegistry): void {
  contentOperations(ctx, api);
  workflowOperations(ctx, api);
}

/** Create, read and replace an article's content. */
function contentOperations(ctx: AppContext, api: ApiRegistry): void {
  const present = presenter(ctx);
  const base = BASE;

  api.add({
    method: 'POST',
    path: base,
    summary:
      'Create a draft; "submit": true sends it for review, "publish": true (editors) publishes it at once',
    permission: 'article.write',
    body: createSchema,
    responses: { 201: { description: 'Created', schema: articleSchema }, ...errors },
    handler: async (req, reply, body) => {
      const { submit, publish, ...content } = body;
      const id = await ctx.articles.create(
        { ...content, status: publish ? 'published' : 'draft' },
        requestActor(req),
      );
      if (submit && !publish)
        await ctx.articles.transition(id, 'submit', { actor: requestActor(req), expectedVersion: 1 });
      return reply.code(201).send(await present(id));
    },
  });

  api.add({
    method: 'GET',
    path: `${base}/:id`,
    summary: 'Read an article, with its status and version',
    permission: 'article.write',
    responses: { 200: { description: 'The article', schema: articleSchema }, ...errors },
    handler: async (req) => {
      const id = idOf(req.params.id);
      if (!(await ctx.articleDesk.visibleTo(requestActor(req), id)))
        throw new NotFoundError('No such article.');
      return present(id);
    },
  });

  api.add({
    method: 'PUT',
    path: `${base}/:id`,
    summary: 'Replace the content; refused with 409 if the article changed since "version"',
    permission: 'article.write',
    body: updateSchema,
    responses: { 200: { description: 'Saved', schema: articleSchema }, ...errors },
    handler: async (req, _reply, body) => {
      const id = idOf(req.params.id);
      const { version, correction, ...content } = body;
      await ctx.articles.update(id, content, {
        expectedVersion: version,
        actor: requestActor(req),
        correction,
      });
      return present(id);
    },
  });
}

/** Submit, publish, unpublish and schedule. */
function workflowOperations(ctx: AppContext, api: ApiRegistry): void {
  const present = presenter(ctx);
  const base = BASE;

  for (const [action, summary, permission] of [
    ['submit', 'Submit a draft for review', 'article.write'],
    ['publish', 'Publish now (keeps the first publish time when republishing)', 'article.publish'],
    ['unpublish', 'Take a published article down (its page answers 410)', 'article.publish'],
  ] as const) {
    api.add({
      method: 'POST',
      path: `${base}/:id/${action}`,
      summary,
      permission,
      body: versionSchema,
      responses: { 200: { description: 'Done', schema: articleSchema }, ...errors },
      handler: async (req, _reply, body) => {
        const id = idOf(req.params.id);
        await ctx.articles.transition(id, action, {
          actor: requestActor(req),
          expectedVersion: body.version,
        });
        return present(id);
      },
    });
  }

  api.add({
    method: 'POST',
    path: `${base}/:id/schedule`,
    summary: 'Schedule publication at a future time (ISO 8601, UTC)',
    permission: 'article.publish',
    body: scheduleSchema,
    responses: { 200: { description: 'Scheduled', schema: articleSchema }, ...errors },
    handler: async (req, _reply, body) => {
      const id = idOf(req.params.id);
      await ctx.articles.transition(id, 'schedule', {
        actor: requestActor(req),
        expectedVersion: body.version,
        at: Date.parse(body.at),
      });
      return present(id);
    },
  });
}

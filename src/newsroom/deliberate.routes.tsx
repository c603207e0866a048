import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../accounts/auth.ts';
import type { RestorePlan } from '../articles/newsroom.reader.ts';
import { editRefusal } from '../articles/workflow.ts';
import type { AppContext } from '../context.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import { AppError, ForbiddenError } from '../core/errors.ts';
import { positiveInt32 } from '../core/numbers.ts';
import { formField, formValues, parseForm } from '../http/forms.ts';
import { parseId, sendPage } from '../http/html.ts';
import { changeThenRedirect, formRefusal, type Refusal } from './change.ts';
import { RestorePage } from './restore.page.tsx';
import { screenFrame } from './screen.ts';
import { UNPUBLISH_REASON_MAX, UnpublishPage } from './unpublish.page.tsx';

type WithId = { Params: { id: string } };

const CHOOSE_REVISION = 'Choose a revision.';

// Versions are int32 columns; a missing or malformed one (0) matches none: the change gets a 409.
const version = z
  .unknown()
  .optional()
  .transform((v) => positiveInt32(v) ?? 0);

const restoreQuery = z.object({ revision: formField.id(CHOOSE_REVISION) });
const restoreForm = z.object({ revision: formField.id(CHOOSE_REVISION), version });
const unpublishForm = z.object({
  reason: formField.required(UNPUBLISH_REASON_MAX, 'Give the reason for unpublishing.'),
  version,
});

/**
 * Changes to a live article that ask first: restoring a revision shows what it changes, unpublishing
 * asks why. Both are audited by the service. A refusal (bad input 422, a version changed meanwhile
 * 409, an unknown revision 404) shows the confirmation page again with the reason, in the newsroom.
 */
export function deliberateRoutes(app: FastifyInstance, ctx: AppContext): void {
  restoreRoutes(app, ctx);
  unpublishRoutes(app, ctx);
}

const openFor = (ctx: AppContext) => (req: FastifyRequest<WithId>) =>
  ctx.articleDesk.open(req.user!, parseId(req.params.id));

function restoreRoutes(app: FastifyInstance, ctx: AppContext): void {
  const open = openFor(ctx);

  /** The confirmation page for `revision`, compared with the article as it stands now. */
  const show = async (
    req: FastifyRequest,
    reply: FastifyReply,
    article: ArticleRow,
    revision: number | undefined,
    refusal?: { error: string; status: number },
  ) => {
    let plan: RestorePlan | undefined;
    let error = refusal?.error;
    let status = refusal?.status ?? 200;
    try {
      plan = revision === undefined ? undefined : await ctx.articleDesk.restorePlan(article, revision);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 404) throw err;
      error = err.message;
      status = 404;
    }
    return sendPage(
      reply,
      <RestorePage {...screenFrame(req, ctx.site())} article={article} plan={plan} error={error} />,
      status,
    );
  };

  /** Restoring changes the article's content: only those who may edit it are asked to confirm. */
  const editable = async (req: FastifyRequest<WithId>) => {
    const article = await open(req);
    const refused = editRefusal(req.user!, article);
    if (refused) throw new ForbiddenError(refused);
    return article;
  };

  app.get<WithId>(
    '/newsroom/articles/:id/restore',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const article = await editable(req);
      const query = restoreQuery.safeParse(formValues(req.query));
      if (!query.success)
        return show(req, reply, article, undefined, { error: CHOOSE_REVISION, status: 422 });
      return show(req, reply, article, query.data.revision);
    },
  );

  app.post<WithId>(
    '/newsroom/articles/:id/restore',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const article = await open(req);
      const form = parseForm(restoreForm, req.body);
      if (!form.ok) {
        return show(req, reply, article, undefined, { error: formRefusal(form).error, status: 422 });
      }
      const { revision, version: expectedVersion } = form.data;
      return changeThenRedirect(
        reply,
        `/newsroom/articles/${article.id}?done=restored`,
        // Shown again against the article as it stands now (with its new version), so the user
        // confirms what restoring changes today.
        async (r, status) => show(req, reply, await open(req), revision, { error: r.error, status }),
        () => ctx.articles.restore(article.id, revision, { expectedVersion, actor: requestActor(req) }),
      );
    },
  );
}

function unpublishRoutes(app: FastifyInstance, ctx: AppContext): void {
  const open = openFor(ctx);
  const PUBLISH = { config: { permission: 'article.publish' } } as const;

  const show = (
    req: FastifyRequest,
    reply: FastifyReply,
    article: ArticleRow,
    refusal?: Refusal,
    status = 200,
  ) =>
    sendPage(
      reply,
      <UnpublishPage
        {...screenFrame(req, ctx.site())}
        article={article}
        sent={refusal}
        error={refusal?.error}
      />,
      status,
    );

  app.get<WithId>('/newsroom/articles/:id/unpublish', PUBLISH, async (req, reply) =>
    show(req, reply, await open(req)),
  );

  app.post<WithId>('/newsroom/articles/:id/unpublish', PUBLISH, async (req, reply) => {
    const article = await open(req);
    const form = parseForm(unpublishForm, req.body);
    if (!form.ok) return show(req, reply, article, formRefusal(form), 422);
    const { reason, version: expectedVersion } = form.data;
    return changeThenRedirect(
      reply,
      `/newsroom/articles/${article.id}?done=unpublish`,
      // The reason as typed, the article as it stands now (its new version in the form).
      async (r, status) => show(req, reply, await open(req), r, status),
      () =>
        ctx.articles.transition(article.id, 'unpublish', {
          actor: requestActor(req),
          expectedVersion,
          reason,
        }),
      form.values,
    );
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestActor } from '../accounts/auth.ts';
import { ConflictError } from '../articles/articles.service.ts';
import type { DeskArticle } from '../articles/newsroom.reader.ts';
import type { AppContext } from '../context.ts';
import { ValidationError } from '../core/errors.ts';
import { type FormValues, formValues, parseForm } from '../http/forms.ts';
import { parseId, sendPage } from '../http/html.ts';
import { DashboardPage } from './dashboard.page.tsx';
import { doneNotice, EditorPage } from './editor.page.tsx';
import {
  articleForm,
  commentForm,
  doneQuery,
  restoreForm,
  revisionsQuery,
  transitionForm,
} from './editor.schema.ts';
import { RevisionsPage } from './revisions.page.tsx';

type WithId = { Params: { id: string } };

// The editor's message above a form it shows again; each field's own message sits next to it.
const INVALID_ARTICLE = 'The article is not valid.';

/** A form refused by its schema, for the error page: its field messages, and each by name (JSON). */
function invalid(fields: Record<string, string>): ValidationError {
  return new ValidationError(Object.values(fields).join(' '), fields);
}

/** The article the route's `:id` names, if the user may open it (404 or 403 otherwise). */
const openFor = (ctx: AppContext) => (req: FastifyRequest<WithId>) =>
  ctx.articleDesk.open(req.user!, parseId(req.params.id));

/** The newsroom's article screens: the dashboard, the editor, the workflow, comments and revisions. */
export function newsroomRoutes(app: FastifyInstance, ctx: AppContext): void {
  editorRoutes(app, ctx);
  workflowRoutes(app, ctx);
  revisionRoutes(app, ctx);
}

/** The dashboard, a new article, opening, saving and autosaving one. */
function editorRoutes(app: FastifyInstance, ctx: AppContext): void {
  const desk = ctx.articleDesk;
  const notice = (req: FastifyRequest) => doneNotice(doneQuery.parse(formValues(req.query)).done);
  const open = openFor(ctx);

  const showEditor = async (
    req: FastifyRequest,
    reply: FastifyReply,
    v: DeskArticle & { values?: FormValues; fields?: Record<string, string> },
    extra: { notice?: string | undefined; error?: string | undefined } = {},
    status = 200,
  ) =>
    sendPage(
      reply,
      <EditorPage
        site={ctx.site()}
        user={req.user!}
        csrf={req.csrfToken}
        v={v}
        choices={await desk.choices()}
        {...extra}
      />,
      status,
    );

  /** The editor again after a refused save: what was sent, the reason, each field's message. */
  const refused = async (
    req: FastifyRequest,
    reply: FastifyReply,
    article: DeskArticle,
    values: FormValues,
    err: ValidationError | ConflictError,
  ) => {
    const fields = err instanceof ValidationError ? err.fields : undefined;
    return showEditor(req, reply, { ...article, values, fields }, { error: err.message }, err.status);
  };

  app.get('/newsroom', { config: { permission: 'newsroom.use' } }, async (req, reply) =>
    sendPage(
      reply,
      <DashboardPage
        site={ctx.site()}
        user={req.user!}
        csrf={req.csrfToken}
        groups={await desk.dashboard(req.user!)}
        notice={notice(req)}
      />,
    ),
  );

  app.get('/newsroom/articles/new', { config: { permission: 'article.write' } }, async (req, reply) =>
    showEditor(req, reply, await desk.newDraft(req.user!)),
  );

  app.post('/newsroom/articles', { config: { permission: 'article.write' } }, async (req, reply) => {
    const form = parseForm(articleForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(INVALID_ARTICLE, form.fields);
      const id = await ctx.articles.create({ ...form.data.content, status: 'draft' }, requestActor(req));
      return reply.redirect(`/newsroom/articles/${id}?done=created`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return refused(req, reply, await desk.newDraft(req.user!), form.values, err);
    }
  });

  app.get<WithId>('/newsroom/articles/:id', { config: { permission: 'newsroom.use' } }, async (req, reply) =>
    showEditor(req, reply, await desk.onDesk(await open(req)), { notice: notice(req) }),
  );

  /** A save from the form (a page) or from autosave (JSON, whose script shows the error itself). */
  const save = async (req: FastifyRequest<WithId>, reply: FastifyReply, json: boolean) => {
    const article = await open(req);
    const form = parseForm(articleForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(INVALID_ARTICLE, form.fields);
      const { content, version, correction } = form.data;
      const r = await ctx.articles.update(article.id, content, {
        expectedVersion: version,
        actor: requestActor(req),
        correction,
      });
      if (json) return reply.send({ version: r.version, savedAt: Date.now() });
      return reply.redirect(`/newsroom/articles/${article.id}?done=saved`, 303);
    } catch (err) {
      if (json || !(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      // Shown again with what was typed, so nothing is lost.
      return refused(req, reply, await desk.onDesk(article), form.values, err);
    }
  };

  app.post<WithId>('/newsroom/articles/:id', { config: { permission: 'article.write' } }, (req, reply) =>
    save(req, reply, false),
  );
  app.post<WithId>(
    '/newsroom/articles/:id/autosave',
    { config: { permission: 'article.write' } },
    (req, reply) => save(req, reply, true),
  );
}

/** Moving an article through the workflow, and review comments. */
function workflowRoutes(app: FastifyInstance, ctx: AppContext): void {
  const open = openFor(ctx);

  app.post<WithId>(
    '/newsroom/articles/:id/transition',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const article = await open(req);
      const form = parseForm(transitionForm(ctx.site().timeZone), req.body);
      if (!form.ok) throw invalid(form.fields);
      const { action, version, at } = form.data;
      await ctx.articles.transition(article.id, action, {
        actor: requestActor(req),
        expectedVersion: version,
        at,
      });
      return reply.redirect(`/newsroom/articles/${article.id}?done=${action}`, 303);
    },
  );

  app.post<WithId>(
    '/newsroom/articles/:id/comments',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const article = await open(req);
      const form = parseForm(commentForm, req.body);
      if (!form.ok) throw invalid(form.fields);
      await ctx.articles.comment(article.id, req.user!, form.data.comment);
      return reply.redirect(`/newsroom/articles/${article.id}?done=commented`, 303);
    },
  );
}

/** Every save of an article, compared word by word, and restoring one. */
function revisionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const desk = ctx.articleDesk;
  const open = openFor(ctx);

  app.get<WithId>(
    '/newsroom/articles/:id/revisions',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const article = await open(req);
      const { a, b } = revisionsQuery.parse(formValues(req.query));
      const [revisions, diff] = await Promise.all([
        desk.revisions(article.id),
        a && b ? desk.compare(article.id, a, b) : undefined,
      ]);
      return sendPage(
        reply,
        <RevisionsPage
          site={ctx.site()}
          user={req.user!}
          csrf={req.csrfToken}
          article={article}
          revisions={revisions}
          diff={diff}
        />,
      );
    },
  );

  app.post<WithId>(
    '/newsroom/articles/:id/restore',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const article = await open(req);
      const form = parseForm(restoreForm, req.body);
      if (!form.ok) throw invalid(form.fields);
      await ctx.articles.restore(article.id, form.data.revision, {
        expectedVersion: form.data.version,
        actor: requestActor(req),
      });
      return reply.redirect(`/newsroom/articles/${article.id}?done=restored`, 303);
    },
  );
}

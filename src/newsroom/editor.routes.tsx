import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestActor } from '../accounts/auth.ts';
import { StaleVersionError } from '../articles/articles.publishing.ts';
import { canEdit } from '../articles/workflow.ts';
import type { AppContext } from '../context.ts';
import { ValidationError } from '../core/errors.ts';
import { formValues, parseForm } from '../http/forms.ts';
import { parseId, sendPage, wantsJson } from '../http/html.ts';
import { conflictingFields, mergeContent } from './conflict.ts';
import { DashboardPage } from './dashboard.page.tsx';
import { doneNotice } from './editor.page.tsx';
import { articleForm, commentForm, doneQuery, resolveForm, transitionForm } from './editor.schema.ts';
import { editorScreens } from './editor.screens.tsx';

type WithId = { Params: { id: string } };

// The editor's message above a form it shows again; each field's own message sits next to it.
const INVALID_ARTICLE = 'The article is not valid.';

/** The form carried the article's fields (a disabled fieldset, for someone who may not edit, sends none). */
const carriesContent = (body: unknown) =>
  typeof (body as Record<string, unknown> | null)?.headline === 'string';

/**
 * The editor: the dashboard, a new article, opening, saving and autosaving one, workflow moves made
 * with what the form holds, review comments, and settling a save that crossed someone else's.
 */
export function editorRoutes(app: FastifyInstance, ctx: AppContext): void {
  const screens = editorScreens(ctx);
  editorPageRoutes(app, ctx, screens);
  editorMoveRoutes(app, ctx, screens);
}

type Screens = ReturnType<typeof editorScreens>;

/** The dashboard, a new article, opening, saving and autosaving one. */
function editorPageRoutes(app: FastifyInstance, ctx: AppContext, screens: Screens): void {
  const desk = ctx.articleDesk;
  const open = (req: FastifyRequest<WithId>) => desk.open(req.user!, parseId(req.params.id));

  app.get('/newsroom', { config: { permission: 'newsroom.use' } }, async (req, reply) =>
    sendPage(
      reply,
      <DashboardPage
        site={ctx.site()}
        user={req.user!}
        csrf={req.csrfToken}
        groups={await desk.dashboard(req.user!)}
        notice={doneNotice(doneQuery.parse(formValues(req.query)).done)}
      />,
    ),
  );

  app.get('/newsroom/articles/new', { config: { permission: 'article.write' } }, async (req, reply) =>
    screens.editor(req, reply, await desk.newDraft(req.user!)),
  );

  app.post('/newsroom/articles', { config: { permission: 'article.write' } }, async (req, reply) => {
    const form = parseForm(articleForm, req.body);
    try {
      if (!form.ok) throw new ValidationError(INVALID_ARTICLE, form.fields);
      const id = await ctx.articles.create({ ...form.data.content, status: 'draft' }, requestActor(req));
      if (!wantsJson(req)) return reply.redirect(`/newsroom/articles/${id}?done=created`, 303);
      // The new article's first autosave: the page goes on as the article's own editor.
      const url = `/newsroom/articles/${id}`;
      return reply.code(201).send({ id, version: 1, url, autosave: `${url}/autosave`, savedAt: Date.now() });
    } catch (err) {
      if (wantsJson(req)) throw err;
      return screens.refused(req, reply, await desk.newDraft(req.user!), form.values, err);
    }
  });

  app.get<WithId>('/newsroom/articles/:id', { config: { permission: 'newsroom.use' } }, async (req, reply) =>
    screens.editor(req, reply, await desk.onDesk(await open(req)), {
      notice: doneNotice(doneQuery.parse(formValues(req.query)).done),
    }),
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
      if (json && err instanceof StaleVersionError) return screens.conflictJson(reply, article.id);
      if (json) throw err;
      return screens.refused(req, reply, await desk.onDesk(article), form.values, err, {
        yours: form.ok ? form.data.content : undefined,
      });
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

/**
 * What the editor's other buttons post: workflow moves made with what the form holds, review
 * comments, and settling a save that crossed someone else's.
 */
function editorMoveRoutes(app: FastifyInstance, ctx: AppContext, screens: Screens): void {
  const desk = ctx.articleDesk;
  const open = (req: FastifyRequest<WithId>) => desk.open(req.user!, parseId(req.params.id));

  app.post<WithId>(
    '/newsroom/articles/:id/transition',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const article = await open(req);
      const move = parseForm(transitionForm(ctx.site().timeZone), req.body);
      // The buttons sit in the article's form: what it holds is saved with the move, in one step.
      const withText = carriesContent(req.body) && canEdit(req.user!, article);
      const form = withText ? parseForm(articleForm, req.body) : undefined;
      const values = formValues(req.body);
      try {
        const fields = { ...(form && !form.ok ? form.fields : {}), ...(move.ok ? {} : move.fields) };
        if (!move.ok) throw new ValidationError(Object.values(move.fields).join(' '), fields);
        if (form && !form.ok) throw new ValidationError(INVALID_ARTICLE, fields);
        const { action, version, at } = move.data;
        const opts = { actor: requestActor(req), expectedVersion: version, at };
        if (form?.ok) await ctx.articles.saveAndTransition(article.id, form.data.content, action, opts);
        else await ctx.articles.transition(article.id, action, opts);
        return reply.redirect(`/newsroom/articles/${article.id}?done=${action}`, 303);
      } catch (err) {
        return screens.refused(req, reply, await desk.onDesk(article), values, err, {
          yours: form?.ok ? form.data.content : undefined,
          pressed: move.ok ? move.data.action : undefined,
        });
      }
    },
  );

  app.post<WithId>(
    '/newsroom/articles/:id/comments',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const article = await open(req);
      const form = parseForm(commentForm, req.body);
      try {
        if (!form.ok) throw new ValidationError('The comment is not valid.', form.fields);
        await ctx.articles.comment(article.id, req.user!, form.data.comment);
        return reply.redirect(`/newsroom/articles/${article.id}?done=commented`, 303);
      } catch (err) {
        return screens.refused(req, reply, await desk.onDesk(article), form.values, err);
      }
    },
  );

  app.post<WithId>(
    '/newsroom/articles/:id/resolve',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const article = await open(req);
      const form = parseForm(articleForm, req.body);
      const how = parseForm(resolveForm, req.body);
      try {
        if (!form.ok) throw new ValidationError(INVALID_ARTICLE, form.fields);
        if (!how.ok) throw new ValidationError('Choose how to settle the two versions.', how.fields);
        const theirs = (await desk.withContent(article.id))!.content;
        const differing = conflictingFields(theirs, form.data.content).map((f) => f.key);
        const fromYours =
          how.data.choice === 'overwrite'
            ? differing
            : differing.filter((k) => form.values[`use_${k}`] === 'mine');
        await ctx.articles.update(article.id, mergeContent(theirs, form.data.content, fromYours), {
          expectedVersion: form.data.version,
          actor: requestActor(req),
          correction: form.data.correction,
          overwrites: { version: form.data.version, fields: fromYours, how: how.data.choice },
        });
        return reply.redirect(`/newsroom/articles/${article.id}?done=resolved`, 303);
      } catch (err) {
        return screens.refused(req, reply, await desk.onDesk(article), form.values, err, {
          yours: form.ok ? form.data.content : undefined,
        });
      }
    },
  );
}

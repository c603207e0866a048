import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, requestActor } from '../accounts/auth.ts';
import { can } from '../accounts/permissions.ts';
import { contentOf } from '../articles/article-content.ts';
import * as edits from '../articles/article-edits.repository.ts';
import { findArticleById } from '../articles/articles.repository.ts';
import {
  type ArticleContent,
  type ArticleContentInput,
  TRANSITIONS,
  type Transition,
} from '../articles/articles.schema.ts';
import { ConflictError } from '../articles/articles.service.ts';
import { diffRevisions } from '../articles/revisions.ts';
import { listAuthors } from '../authors/authors.repository.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { positiveInt32 } from '../core/numbers.ts';
import { isValidDate, localToUtc } from '../core/time.ts';
import type { AppContext } from '../http/context.ts';
import { formList, formString, parseId, sendPage } from '../http/html.ts';
import { recentMedia } from '../media/media.repository.ts';
import { popularTagNames } from '../tags/tags.repository.ts';
import { EditorPage, type EditorView } from './editor.page.tsx';
import { DashboardPage, RevisionsPage } from './newsroom.pages.tsx';

type Form = Record<string, unknown>;
const str = (f: unknown, k: string, max = 200_000) => formString(f, k, max);

/** The editor form into article content (the service validates and sanitises it). */
export function formToContent(body: unknown): ArticleContentInput {
  return {
    headline: str(body, 'headline', 1000),
    place: str(body, 'place', 200) || undefined,
    lede: str(body, 'lede', 2000),
    body: str(body, 'body'),
    section: str(body, 'section', 200),
    tags: str(body, 'tags', 2000)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
      .slice(0, 20),
    authors: formList(body, 'authors'),
    kind: (str(body, 'kind', 20) || 'staff') as ArticleContent['kind'],
    breaking: str(body, 'breaking', 5) === '1',
    leadImage: parseId(str(body, 'lead_image', 12)) ?? null,
  };
}

/** "YYYY-MM-DDTHH:MM[:SS]" in the site's zone into UTC milliseconds. */
export function parseLocalDateTime(raw: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec = 0] = m
    .slice(1)
    .map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (!isValidDate(y!, mo!, d!) || h! > 23 || mi! > 59 || sec > 59) return undefined;
  return localToUtc(y!, mo!, d!, h!, mi!, sec, timeZone);
}

export function newsroomRoutes(app: FastifyInstance, ctx: AppContext): void {
  const choices = async () => ({
    sections: ctx.sections.topLevel(),
    authors: await listAuthors(ctx.db),
    tags: await popularTagNames(ctx.db, 300),
    media: (await recentMedia(ctx.db, 50)).map((m) => ({ id: m.id, alt: m.alt })),
  });

  const editorView = async (article: ArticleRow, req: FastifyRequest): Promise<EditorView> => {
    const [content, comments, corrections] = await Promise.all([
      contentOf(ctx.db, ctx.sections, article),
      edits.listComments(ctx.db, article.id),
      edits.listCorrections(ctx.db, article.id),
    ]);
    return {
      id: article.id,
      slug: article.slug,
      version: article.version,
      status: article.status,
      publishedAt: article.published_at,
      scheduledAt: article.scheduled_at,
      canEdit: ctx.articles.canEdit(req.user!, article),
      comments,
      corrections,
      content,
    };
  };

  const loadVisible = async (req: FastifyRequest, idRaw: string): Promise<ArticleRow> => {
    const id = parseId(idRaw);
    const article = id ? await findArticleById(ctx.db, id) : undefined;
    if (!article) throw new NotFoundError('No such article.');
    // Reporters and contributors see only their own work in the newsroom.
    if (!ctx.articles.canSee(req.user!, article)) {
      throw new ForbiddenError('You can only open your own articles.');
    }
    return article;
  };

  /** The editor for an article not saved yet. */
  const draftView = (content: ArticleContent, fields?: Record<string, string>): EditorView => ({
    id: null,
    slug: null,
    version: 0,
    status: 'draft',
    publishedAt: null,
    scheduledAt: null,
    canEdit: true,
    comments: [],
    corrections: [],
    content,
    fields,
  });

  const showEditor = async (
    req: FastifyRequest,
    reply: FastifyReply,
    v: EditorView,
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
        choices={await choices()}
        {...extra}
      />,
      status,
    );

  const notices: Record<string, string> = {
    saved: 'Saved.',
    created: 'Draft created.',
    submit: 'Submitted for review.',
    publish: 'Published.',
    schedule: 'Scheduled.',
    unpublish: 'Unpublished.',
    return: 'Returned to draft.',
    restored: 'The older version was restored as a new save.',
    commented: 'Comment added.',
  };
  const noticeOf = (req: FastifyRequest) => notices[String((req.query as Form)?.done ?? '')];

  app.get('/newsroom', { config: { permission: 'newsroom.use' } }, async (req, reply) => {
    const user = req.user!;
    const mine = !can(user.role, 'article.edit-any');
    const by = mine ? user.id : undefined;
    const groups = mine
      ? [
          {
            title: 'My drafts',
            rows: await edits.listForNewsroom(ctx.db, { statuses: ['draft'], createdBy: by, limit: 50 }),
          },
          {
            title: 'With the editors',
            rows: await edits.listForNewsroom(ctx.db, {
              statuses: ['in_review', 'scheduled'],
              createdBy: by,
              limit: 50,
            }),
          },
          {
            title: 'Published',
            rows: await edits.listForNewsroom(ctx.db, {
              statuses: ['published', 'unpublished'],
              createdBy: by,
              limit: 20,
            }),
          },
        ]
      : [
          {
            title: 'In review',
            rows: await edits.listForNewsroom(ctx.db, { statuses: ['in_review'], limit: 50 }),
          },
          {
            title: 'Scheduled',
            rows: await edits.listForNewsroom(ctx.db, { statuses: ['scheduled'], limit: 50 }),
          },
          { title: 'Drafts', rows: await edits.listForNewsroom(ctx.db, { statuses: ['draft'], limit: 50 }) },
          {
            title: 'Recently changed, published',
            rows: await edits.listForNewsroom(ctx.db, { statuses: ['published', 'unpublished'], limit: 20 }),
          },
        ];
    return sendPage(
      reply,
      <DashboardPage
        site={ctx.site()}
        user={user}
        csrf={req.csrfToken}
        groups={groups}
        notice={noticeOf(req)}
      />,
    );
  });

  app.get('/newsroom/articles/new', { config: { permission: 'article.write' } }, async (req, reply) => {
    const user = req.user!;
    const author = user.authorId
      ? (await listAuthors(ctx.db)).find((a) => a.id === user.authorId)
      : undefined;
    const section = ctx.sections.topLevel()[0];
    return showEditor(
      req,
      reply,
      draftView({
        headline: '',
        lede: '',
        body: '',
        section: section?.children[0]?.slug ?? section?.slug ?? '',
        tags: [],
        authors: author ? [author.slug] : [],
        kind: user.role === 'contributor' ? 'reader' : 'staff',
        breaking: false,
      }),
    );
  });

  app.post('/newsroom/articles', { config: { permission: 'article.write' } }, async (req, reply) => {
    const content = formToContent(req.body);
    try {
      const id = await ctx.articles.create({ ...content, status: 'draft' }, requestActor(req));
      return reply.redirect(`/newsroom/articles/${id}?done=created`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return showEditor(
        req,
        reply,
        draftView(content as ArticleContent, err.fields),
        { error: err.message },
        422,
      );
    }
  });

  app.get<{ Params: { id: string } }>(
    '/newsroom/articles/:id',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const article = await loadVisible(req, req.params.id);
      return showEditor(req, reply, await editorView(article, req), { notice: noticeOf(req) });
    },
  );

  const save = async (
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    json: boolean,
  ) => {
    const article = await loadVisible(req, req.params.id);
    const content = formToContent(req.body);
    // Versions are int32 columns; a missing or malformed one (0) matches none: a 409 with the form.
    const expectedVersion = positiveInt32(str(req.body, 'version', 12)) ?? 0;
    try {
      const r = await ctx.articles.update(article.id, content, {
        expectedVersion,
        actor: requestActor(req),
        correction: str(req.body, 'correction', 2000) || undefined,
      });
      if (json) return reply.send({ version: r.version, savedAt: Date.now() });
      return reply.redirect(`/newsroom/articles/${article.id}?done=saved`, 303);
    } catch (err) {
      if (json || !(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      // Show the editor again with what was typed, so nothing is lost.
      const v = await editorView(article, req);
      v.content = { ...v.content, ...(content as ArticleContent) };
      v.version = expectedVersion;
      if (err instanceof ValidationError) v.fields = err.fields;
      return showEditor(req, reply, v, { error: err.message }, err instanceof ConflictError ? 409 : 422);
    }
  };

  app.post<{ Params: { id: string } }>(
    '/newsroom/articles/:id',
    { config: { permission: 'article.write' } },
    (req, reply) => save(req, reply, false),
  );
  app.post<{ Params: { id: string } }>(
    '/newsroom/articles/:id/autosave',
    { config: { permission: 'article.write' } },
    (req, reply) => save(req, reply, true),
  );

  app.post<{ Params: { id: string } }>(
    '/newsroom/articles/:id/transition',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const article = await loadVisible(req, req.params.id);
      const action = str(req.body, 'action', 20) as Transition;
      if (!TRANSITIONS.includes(action)) throw new ValidationError('Unknown action.');
      const at =
        action === 'schedule' ? parseLocalDateTime(str(req.body, 'at', 30), ctx.site().timeZone) : undefined;
      if (action === 'schedule' && at === undefined)
        throw new ValidationError('Choose a date and time.', { at: 'Required' });
      await ctx.articles.transition(article.id, action, {
        actor: requestActor(req),
        expectedVersion: positiveInt32(str(req.body, 'version', 12)) ?? 0,
        at,
      });
      return reply.redirect(`/newsroom/articles/${article.id}?done=${action}`, 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/newsroom/articles/:id/comments',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const article = await loadVisible(req, req.params.id);
      await ctx.articles.comment(article.id, req.user!, str(req.body, 'comment', 5000));
      return reply.redirect(`/newsroom/articles/${article.id}?done=commented`, 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/newsroom/articles/:id/revisions',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const article = await loadVisible(req, req.params.id);
      const revisions = await edits.listRevisions(ctx.db, article.id);
      const q = req.query as Form;
      const a = parseId(String(q?.a ?? ''));
      const b = parseId(String(q?.b ?? ''));
      let diff: { a: number; b: number; fields: ReturnType<typeof diffRevisions> } | undefined;
      if (a && b) {
        const [ra, rb] = await Promise.all([
          edits.findRevision(ctx.db, article.id, a),
          edits.findRevision(ctx.db, article.id, b),
        ]);
        if (!ra || !rb) throw new NotFoundError('No such revision.');
        diff = { a, b, fields: diffRevisions(JSON.parse(ra.content), JSON.parse(rb.content)) };
      }
      return sendPage(
        reply,
        <RevisionsPage
          site={ctx.site()}
          user={req.user!}
          csrf={req.csrfToken}
          article={article}
          revisions={revisions}
          diff={diff}
          canRestore={ctx.articles.canEdit(req.user!, article)}
        />,
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/newsroom/articles/:id/restore',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const article = await loadVisible(req, req.params.id);
      const revision = parseId(str(req.body, 'revision', 12));
      if (!revision) throw new ValidationError('Choose a revision.');
      await ctx.articles.restore(article.id, revision, {
        expectedVersion: positiveInt32(str(req.body, 'version', 12)) ?? 0,
        actor: requestActor(req),
      });
      return reply.redirect(`/newsroom/articles/${article.id}?done=restored`, 303);
    },
  );
}

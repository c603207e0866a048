import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { listLatest } from '../articles/articles.repository.ts';
import { AppError, ValidationError } from '../core/errors.ts';
import { formatDateLine } from '../core/time.ts';
import { HomeCuration } from '../home/curation.ts';
import { listPinned } from '../home/home.repository.ts';
import type { AppContext } from '../http/context.ts';
import { formString, parseId, sendPage } from '../http/html.ts';
import { SectionAdmin } from '../sections/sections.admin.ts';
import { TagAdmin } from '../tags/tags.admin.ts';
import { findTagBySlug, listTagsWithCounts } from '../tags/tags.repository.ts';
import { Csrf, NewsroomLayout } from './newsroom-layout.tsx';

const str = (f: unknown, k: string, max = 500) => formString(f, k, max);

/** Home curation, sections and tags: the editors' tools. */
export function curationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const home = new HomeCuration(ctx.db, ctx.audit, ctx.events);
  const sections = new SectionAdmin(ctx.db, ctx.sections, ctx.audit, ctx.events);
  const tags = new TagAdmin(ctx.db, ctx.audit, ctx.events);
  const tz = () => ctx.site().timeZone;

  const page = (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    body: ComponentChildren,
    extra: { notice?: string; error?: string } = {},
    status = 200,
  ) =>
    sendPage(
      reply,
      <NewsroomLayout site={ctx.site()} title={title} user={req.user} csrf={req.csrfToken} {...extra}>
        {body}
      </NewsroomLayout>,
      status,
    );

  /** Runs a change; on a validation or conflict error, shows the page again with the message. */
  const attempt = async (
    reply: FastifyReply,
    back: string,
    show: (e: { error: string }, status: number) => unknown,
    fn: () => Promise<unknown>,
  ) => {
    try {
      await fn();
      return reply.redirect(back, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 403)
        return show({ error: err.message }, err.status);
      throw err;
    }
  };

  const button = (action: string, label: string, fields: Record<string, string>, csrf: string | null) => (
    <form method="post" action={action} class="inline-form">
      <Csrf token={csrf} />
      {Object.entries(fields).map(([k, v]) => (
        <input type="hidden" name={k} value={v} key={k} />
      ))}
      <button type="submit" class="button-secondary">
        {label}
      </button>
    </form>
  );

  const homePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { error?: string } = {},
    status = 200,
  ) => {
    const pinned = await listPinned(ctx.db);
    const pinnedIds = new Set(pinned.map((p) => p.id));
    const recent = (await listLatest(ctx.db, 30)).filter((a) => !pinnedIds.has(a.id));
    return page(
      req,
      reply,
      'Home page',
      <>
        <p>
          Pinned stories lead the home page in this order; the remaining top slots show the latest stories.
        </p>
        <h2>Pinned</h2>
        {pinned.length === 0 && <p>Nothing pinned: the home page shows the latest stories.</p>}
        <ol>
          {pinned.map((a, i) => (
            <li key={a.id}>
              <a href={`/articles/${a.id}/${a.slug}`}>{a.headline}</a>{' '}
              {i > 0 && button('/newsroom/home/up', `Move up`, { article: String(a.id) }, req.csrfToken)}{' '}
              {i < pinned.length - 1 &&
                button('/newsroom/home/down', 'Move down', { article: String(a.id) }, req.csrfToken)}{' '}
              {button('/newsroom/home/unpin', 'Unpin', { article: String(a.id) }, req.csrfToken)}
            </li>
          ))}
        </ol>
        <h2>Latest published</h2>
        <table class="table">
          <caption class="visually-hidden">Latest published stories</caption>
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Published</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((a) => (
              <tr key={a.id}>
                <td>{a.headline}</td>
                <td>{formatDateLine(a.published_at, tz())}</td>
                <td>{button('/newsroom/home/pin', 'Pin', { article: String(a.id) }, req.csrfToken)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
      extra,
      status,
    );
  };

  app.get('/newsroom/home', { config: { permission: 'home.curate' } }, (req, reply) => homePage(req, reply));
  app.post<{ Params: { op: string } }>(
    '/newsroom/home/:op',
    { config: { permission: 'home.curate' } },
    (req, reply) => {
      const id = parseId(str(req.body, 'article', 12)) ?? 0;
      const actor = req.user!.id;
      const ops: Record<string, () => Promise<void>> = {
        pin: () => home.pin(id, actor),
        unpin: () => home.unpin(id, actor),
        up: () => home.move(id, -1, actor),
        down: () => home.move(id, 1, actor),
      };
      const op = ops[req.params.op];
      if (!op) return reply.callNotFound();
      return attempt(reply, '/newsroom/home', (e, s) => homePage(req, reply, e, s), op);
    },
  );

  const sectionsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { error?: string } = {},
    status = 200,
  ) =>
    page(
      req,
      reply,
      'Sections',
      <>
        <p>
          Renaming keeps the old address working (it redirects). A section can be deleted only when it holds
          no articles.
        </p>
        <ul>
          {ctx.sections.all().map((s) => (
            <li key={s.id}>
              <form method="post" action={`/newsroom/sections/${s.id}`} class="actions">
                <Csrf token={req.csrfToken} />
                <label for={`sn-${s.id}`}>{s.parent ? `${s.parent.name} »` : 'Top level:'}</label>
                <input id={`sn-${s.id}`} name="name" type="text" value={s.name} maxLength={200} required />
                <label for={`ss-${s.id}`}>slug</label>
                <input id={`ss-${s.id}`} name="slug" type="text" value={s.slug} maxLength={120} required />
                <button type="submit" class="button-secondary">
                  Rename
                </button>
              </form>
              {button(`/newsroom/sections/${s.id}/delete`, `Delete ${s.name}`, {}, req.csrfToken)}
            </li>
          ))}
        </ul>
        <h2>New section</h2>
        <form method="post" action="/newsroom/sections" class="form">
          <Csrf token={req.csrfToken} />
          <div>
            <label for="new-name">Name</label>
            <input id="new-name" name="name" type="text" maxLength={200} required />
          </div>
          <div>
            <label for="new-parent">Inside</label>
            <select id="new-parent" name="parent">
              <option value="">(top level)</option>
              {ctx.sections.topLevel().map((s) => (
                <option value={s.slug} key={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="new-description">Description</label>
            <input id="new-description" name="description" type="text" maxLength={500} />
          </div>
          <div>
            <button type="submit">Create section</button>
          </div>
        </form>
      </>,
      extra,
      status,
    );

  app.get('/newsroom/sections', { config: { permission: 'taxonomy.manage' } }, (req, reply) =>
    sectionsPage(req, reply),
  );
  app.post('/newsroom/sections', { config: { permission: 'taxonomy.manage' } }, (req, reply) =>
    attempt(
      reply,
      '/newsroom/sections',
      (e, s) => sectionsPage(req, reply, e, s),
      () =>
        sections.create(
          {
            name: str(req.body, 'name'),
            description: str(req.body, 'description'),
            parentSlug: str(req.body, 'parent') || undefined,
          },
          req.user!.id,
        ),
    ),
  );
  app.post<{ Params: { id: string } }>(
    '/newsroom/sections/:id',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) =>
      attempt(
        reply,
        '/newsroom/sections',
        (e, s) => sectionsPage(req, reply, e, s),
        () =>
          sections.rename(
            parseId(req.params.id) ?? 0,
            { name: str(req.body, 'name'), slug: str(req.body, 'slug') },
            req.user!.id,
          ),
      ),
  );
  app.post<{ Params: { id: string } }>(
    '/newsroom/sections/:id/delete',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) =>
      attempt(
        reply,
        '/newsroom/sections',
        (e, s) => sectionsPage(req, reply, e, s),
        () => sections.remove(parseId(req.params.id) ?? 0, req.user!.id),
      ),
  );

  const tagsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { error?: string } = {},
    status = 200,
  ) => {
    const q = str(req.query, 'q', 80);
    const rows = await listTagsWithCounts(ctx.db, 200, q || undefined);
    return page(
      req,
      reply,
      'Tags',
      <>
        <form method="get" action="/newsroom/tags" class="actions">
          <label for="tag-q">Find tags</label>
          <input id="tag-q" name="q" type="search" value={q} maxLength={80} />
          <button type="submit" class="button-secondary">
            Find
          </button>
        </form>
        <p>
          Renaming and merging keep old tag addresses working. A tag can be deleted only when no article uses
          it.
        </p>
        <table class="table">
          <caption class="visually-hidden">Tags</caption>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Articles</th>
              <th scope="col">Rename</th>
              <th scope="col">Merge into</th>
              <th scope="col">Delete</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id}>
                <td>
                  <a href={`/tags/${t.slug}`}>{t.name}</a>
                </td>
                <td>{Number(t.n)}</td>
                <td>
                  <form method="post" action={`/newsroom/tags/${t.id}`} class="actions">
                    <Csrf token={req.csrfToken} />
                    <label class="visually-hidden" for={`tn-${t.id}`}>
                      New name for {t.name}
                    </label>
                    <input id={`tn-${t.id}`} name="name" type="text" value={t.name} maxLength={80} required />
                    <button type="submit" class="button-secondary">
                      Rename
                    </button>
                  </form>
                </td>
                <td>
                  <form method="post" action={`/newsroom/tags/${t.id}/merge`} class="actions">
                    <Csrf token={req.csrfToken} />
                    <label class="visually-hidden" for={`tm-${t.id}`}>
                      Slug of the tag to merge {t.name} into
                    </label>
                    <input
                      id={`tm-${t.id}`}
                      name="into"
                      type="text"
                      placeholder="target slug"
                      maxLength={120}
                      required
                    />
                    <button type="submit" class="button-secondary">
                      Merge
                    </button>
                  </form>
                </td>
                <td>
                  {Number(t.n) === 0 &&
                    button(`/newsroom/tags/${t.id}/delete`, `Delete ${t.name}`, {}, req.csrfToken)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
      extra,
      status,
    );
  };

  app.get('/newsroom/tags', { config: { permission: 'taxonomy.manage' } }, (req, reply) =>
    tagsPage(req, reply),
  );
  app.post<{ Params: { id: string } }>(
    '/newsroom/tags/:id',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) =>
      attempt(
        reply,
        '/newsroom/tags',
        (e, s) => tagsPage(req, reply, e, s),
        () =>
          tags.rename(
            parseId(req.params.id) ?? 0,
            { name: str(req.body, 'name', 200), slug: str(req.body, 'slug', 200) || undefined },
            req.user!.id,
          ),
      ),
  );
  app.post<{ Params: { id: string } }>(
    '/newsroom/tags/:id/merge',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) =>
      attempt(
        reply,
        '/newsroom/tags',
        (e, s) => tagsPage(req, reply, e, s),
        async () => {
          const target = await findTagBySlug(ctx.db, str(req.body, 'into', 120).trim().toLowerCase());
          if (!target) throw new ValidationError('No tag has that slug.', { into: 'Unknown tag' });
          await tags.merge(parseId(req.params.id) ?? 0, target.id, req.user!.id);
        },
      ),
  );
  app.post<{ Params: { id: string } }>(
    '/newsroom/tags/:id/delete',
    { config: { permission: 'taxonomy.manage' } },
    (req, reply) =>
      attempt(
        reply,
        '/newsroom/tags',
        (e, s) => tagsPage(req, reply, e, s),
        () => tags.remove(parseId(req.params.id) ?? 0, req.user!.id),
      ),
  );
}

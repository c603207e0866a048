import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { z } from 'zod';
import type { ArticleView } from '../articles/article.page.tsx';
import { ArticlePage } from '../articles/article.page.tsx';
import { PREVIEW_LINK_HOURS } from '../articles/preview-links.ts';
import type { AppContext } from '../context.ts';
import { ValidationError } from '../core/errors.ts';
import { previewLinkUrl } from '../core/urls.ts';
import { formValues, parseForm } from '../http/forms.ts';
import { parseId, sendPage } from '../http/html.ts';
import { NoticePage } from '../render/notice.page.tsx';
import { changeThenRedirect, formRefusal, type Refusal } from './change.ts';
import { LinkPreviewNote, PreviewLinksPage, StaffPreviewNote } from './preview.page.tsx';
import { screenFrame } from './screen.ts';

type WithId = { Params: { id: string } };

const CHOOSE_HOURS = 'Choose how long the link works.';
const NO_LINK = 'This preview link no longer exists.';

const createLinkForm = z.object({
  hours: z
    .string({ error: CHOOSE_HOURS })
    .refine((h) => PREVIEW_LINK_HOURS.some((x) => String(x) === h), CHOOSE_HOURS)
    .transform(Number),
});
/** A link is named by its hash, as the list shows it (the token itself is not kept). */
const revokeLinkForm = z.object({ link: z.string({ error: NO_LINK }).regex(/^[0-9a-f]{64}$/, NO_LINK) });

/**
 * A preview is for the people it was made for: no cache keeps it (the page cache stores only pages
 * marked with surrogate keys, which these never are), no search engine indexes it.
 */
const PRIVATE_PAGE = { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' };

/**
 * Previews: an article of any status as its public page would show it, for the staff who may open
 * it and, through a preview link with an expiring token, for anyone holding the link. Views of a
 * preview are never counted.
 */
export function previewRoutes(app: FastifyInstance, ctx: AppContext): void {
  const links = ctx.previewLinks;
  const tz = () => ctx.site().timeZone;

  /** The article's page marked as a preview; `note` is the banner's text. */
  const sendPreview = async (
    reply: FastifyReply,
    articleId: number,
    note: (a: ArticleView['article']) => ComponentChildren,
  ) => {
    const [view, mostRead] = await Promise.all([
      ctx.articleReader.previewPage(articleId),
      ctx.views.mostReadLists(),
    ]);
    reply.headers(PRIVATE_PAGE);
    return sendPage(
      reply,
      <ArticlePage v={{ ...view, mostRead }} opts={ctx.listingOptions()} preview={note(view.article)} />,
    );
  };

  app.get<WithId>(
    '/newsroom/articles/:id/preview',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const article = await ctx.articleDesk.open(req.user!, parseId(req.params.id));
      return sendPreview(reply, article.id, (a) => <StaffPreviewNote article={a} timeZone={tz()} />);
    },
  );

  app.get<{ Params: { token: string } }>(
    '/preview/:token',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const link = await links.opened(req.params.token);
      if (link) {
        return sendPreview(reply, link.articleId, () => (
          <LinkPreviewNote expiresAt={link.expiresAt} timeZone={tz()} />
        ));
      }
      // The same answer for a link that expired, was revoked or never was: it tells nothing more.
      reply.headers(PRIVATE_PAGE);
      return sendPage(
        reply,
        <NoticePage site={ctx.site()} title="Preview link expired or unknown">
          <p>This preview link has expired or is not known. Ask whoever sent it for a new one.</p>
        </NoticePage>,
        404,
      );
    },
  );

  previewLinkRoutes(app, ctx);
}

/** The article's preview links: listing, creating (the link shown once) and revoking them. */
function previewLinkRoutes(app: FastifyInstance, ctx: AppContext): void {
  const links = ctx.previewLinks;

  const show = async (
    req: FastifyRequest<WithId>,
    reply: FastifyReply,
    extra: {
      created?: { url: string; expiresAt: number };
      refusal?: Refusal;
      notice?: string | undefined;
    } = {},
    status = 200,
  ) => {
    const article = await ctx.articleDesk.open(req.user!, parseId(req.params.id));
    const r = extra.refusal;
    return sendPage(
      reply,
      <PreviewLinksPage
        {...screenFrame(req, ctx.site())}
        article={article}
        links={await links.live(article.id)}
        created={extra.created}
        sent={r && { fields: r.fields, values: r.values }}
        error={r?.error}
        notice={extra.notice}
      />,
      status,
    );
  };

  app.get<WithId>(
    '/newsroom/articles/:id/preview-links',
    { config: { permission: 'newsroom.use' } },
    (req, reply) => {
      const revoked = formValues(req.query).done === 'revoked';
      return show(req, reply, {
        notice: revoked ? 'The preview link was revoked: it opens nothing now.' : undefined,
      });
    },
  );

  app.post<WithId>(
    '/newsroom/articles/:id/preview-links',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const form = parseForm(createLinkForm, req.body);
      if (!form.ok) return show(req, reply, { refusal: formRefusal(form) }, 422);
      try {
        const made = await links.create(parseId(req.params.id) ?? 0, req.user!, form.data.hours);
        const url = ctx.site().url + previewLinkUrl(made.token);
        // The token is in this page and nowhere else: no cache, not even the browser's, keeps it.
        reply.header('cache-control', 'no-store');
        return show(req, reply, { created: { url, expiresAt: made.expiresAt } }, 201);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return show(
          req,
          reply,
          { refusal: { error: err.message, fields: err.fields, values: form.values } },
          422,
        );
      }
    },
  );

  app.post<WithId>(
    '/newsroom/articles/:id/preview-links/revoke',
    { config: { permission: 'article.write' } },
    async (req, reply) => {
      const id = parseId(req.params.id) ?? 0;
      const form = parseForm(revokeLinkForm, req.body);
      if (!form.ok) return show(req, reply, { refusal: formRefusal(form) }, 422);
      return changeThenRedirect(
        reply,
        `/newsroom/articles/${id}/preview-links?done=revoked`,
        (refusal, status) => show(req, reply, { refusal }, status),
        () => links.revoke(id, form.data.link, req.user!),
      );
    },
  );
}

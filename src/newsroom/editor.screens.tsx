import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaleVersionError } from '../articles/articles.publishing.ts';
import type { ArticleContentInput } from '../articles/articles.schema.ts';
import type { DeskArticle } from '../articles/newsroom.reader.ts';
import type { Transition } from '../articles/workflow.ts';
import type { AppContext } from '../context.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import { AppError, ValidationError } from '../core/errors.ts';
import type { FormValues } from '../http/forms.ts';
import { sendPage } from '../http/html.ts';
import { ConflictPage, type ConflictView } from './conflict.page.tsx';
import { conflictingFields } from './conflict.ts';
import { EditorPage } from './editor.page.tsx';

/** Who saved the article last and when, what it holds now, and what differs from what the user sent. */
async function conflictOf(ctx: AppContext, id: number, yours: ArticleContentInput) {
  const [current, revisions] = await Promise.all([
    ctx.articleDesk.withContent(id),
    ctx.articleDesk.revisions(id),
  ]);
  const last = revisions[0];
  return {
    article: current!.article as ArticleRow,
    savedBy: last?.saved_by_name ?? null,
    savedAt: last?.saved_at ?? null,
    fields: conflictingFields(current!.content, yours),
  };
}

/** The conflict screen (409) for a save or move that crossed someone else's save. */
async function showConflict(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  id: number,
  values: FormValues,
  sent: { yours: ArticleContentInput; pressed?: Transition | undefined },
) {
  const c = await conflictOf(ctx, id, sent.yours);
  const v: ConflictView = {
    id,
    headline: c.article.headline,
    theirVersion: c.article.version,
    yourVersion: Number(values.version) || 0,
    savedBy: c.savedBy,
    savedAt: c.savedAt,
    fields: c.fields,
    yours: values,
    pressed: sent.pressed,
  };
  return sendPage(reply, <ConflictPage site={ctx.site()} user={req.user!} csrf={req.csrfToken} v={v} />, 409);
}

/** The editor's pages: the editor itself, the editor again after a refusal, the conflict screen. */
export function editorScreens(ctx: AppContext) {
  const editor = async (
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
        choices={await ctx.articleDesk.choices()}
        previewLinks={v.id ? await ctx.previewLinks.live(v.id) : undefined}
        {...extra}
      />,
      status,
    );

  return {
    editor,

    /**
     * A refused change, shown where it was made: a save that crossed someone else's goes to the
     * conflict screen (409); bad input or a move not allowed now, to the editor again with what
     * was typed, the message and each field's own. Anything else goes to the error handler.
     */
    async refused(
      req: FastifyRequest,
      reply: FastifyReply,
      article: DeskArticle,
      values: FormValues,
      err: unknown,
      sent: { yours?: ArticleContentInput | undefined; pressed?: Transition | undefined } = {},
    ) {
      if (err instanceof StaleVersionError && sent.yours && article.id) {
        return showConflict(ctx, req, reply, article.id, values, {
          yours: sent.yours,
          pressed: sent.pressed,
        });
      }
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403 || err.status === 404)
        throw err;
      const fields = err instanceof ValidationError ? err.fields : undefined;
      return editor(req, reply, { ...article, values, fields }, { error: err.message }, err.status);
    },

    /** Autosave crossed someone else's save: who and when, so the page can say it and stop. */
    async conflictJson(reply: FastifyReply, id: number) {
      const [[last], current] = await Promise.all([
        ctx.articleDesk.revisions(id),
        ctx.articleDesk.withContent(id),
      ]);
      const who = last?.saved_by_name ?? 'Someone else';
      return reply.code(409).send({
        error: {
          code: 'conflict',
          message: `${who} saved this article meanwhile. Your text is still here: press Save to compare the two and choose.`,
        },
        conflict: {
          version: current?.article.version,
          savedBy: last?.saved_by_name ?? null,
          savedAt: last?.saved_at,
        },
      });
    },
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../accounts/auth.ts';
import { MAX_BULK } from '../articles/article-bulk.ts';
import {
  LIST_SORTS,
  ListQueryError,
  type ListRequest,
  MAX_CURSOR_CHARS,
} from '../articles/article-list.reader.ts';
import type { AppContext } from '../context.ts';
import { ARTICLE_KINDS, ARTICLE_STATUSES } from '../core/db/schema.ts';
import { fieldErrors, ValidationError } from '../core/errors.ts';
import { MAX_INT32 } from '../core/numbers.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import { dayRange, type FormValues, formField, formValues, parseForm, queryField } from '../http/forms.ts';
import { sendPage } from '../http/html.ts';
import { MAX_QUERY_CHARS } from '../search/query.ts';
import { ArticleListPage, type ArticleListView } from './article-list.page.tsx';
import { formRefusal, type Refusal } from './change.ts';
import { screenFrame } from './screen.ts';

export const LIST_PATH = '/newsroom/articles';
const PAGE_SIZE = 50;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  queryField.text(20).pipe(z.enum(values, { error: `Choose one of: ${values.join(', ')}.` }).optional());

/** A name in the URL: only a slug can be one (anything else, a NUL byte among them, is not looked up). */
const slug = (what: string) =>
  queryField
    .text(120)
    .refine((v) => v === undefined || SLUG_PATTERN.test(v), `There is no ${what} by that name.`);

/** The list's query string: every parameter checked, dates read in the site's time zone. */
export const listQuery = (tz: string) =>
  z
    .object({
      q: queryField
        .text(MAX_QUERY_CHARS, `Search for at most ${MAX_QUERY_CHARS} characters.`)
        .transform((v) => v ?? ''),
      status: oneOf(ARTICLE_STATUSES),
      section: slug('section'),
      author: slug('author'),
      kind: oneOf(ARTICLE_KINDS),
      from: queryField.localDay(tz),
      to: queryField.localDay(tz),
      sort: oneOf(LIST_SORTS).transform((v) => v ?? 'updated'),
      after: queryField.text(
        MAX_CURSOR_CHARS,
        'This page link is not valid. Start again from the first page.',
      ),
      limit: queryField
        .text(3, 'A number from 1 to 100.')
        .pipe(
          z
            .string()
            .regex(/^[1-9][0-9]{0,2}$/, 'A number from 1 to 100.')
            .optional(),
        )
        .transform((v) => (v ? Number(v) : PAGE_SIZE))
        .refine((n) => n <= 100, 'A number from 1 to 100.'),
    })
    .transform((v, ctx): ListRequest => {
      const { from, to } = dayRange(v, ctx);
      return { ...v, from, to };
    });

/** A bulk action on the rows ticked in the list. */
const bulkForm = z
  .object({
    ids: formField
      .list(z.string().regex(/^[1-9][0-9]{0,9}$/, 'Not an article.'), MAX_BULK)
      .pipe(z.array(z.string()).min(1, 'Select at least one article.'))
      .transform((ids) => ids.map(Number))
      .refine((ids) => ids.every((id) => id <= MAX_INT32), 'Not an article.'),
    action: z.enum(['move', 'tag', 'delete'], { error: 'Choose what to do with the selected articles.' }),
    section: formField.text(120),
    tag: formField.text(80),
    /** The list's query string, to show the same list again. */
    back: formField.text(2000),
  })
  .superRefine((v, ctx) => {
    if (v.action === 'move' && !v.section) {
      ctx.addIssue({ code: 'custom', path: ['section'], message: 'Choose the section to move them to.' });
    }
    if (v.action === 'tag' && !v.tag)
      ctx.addIssue({ code: 'custom', path: ['tag'], message: 'Enter the tag to add.' });
  });

/** The list's own parameters out of a query string (from a bulk form's `back`); others are dropped. */
function listParams(raw: string): FormValues {
  const p = new URLSearchParams(raw.startsWith('?') ? raw.slice(1) : raw);
  const out: FormValues = {};
  for (const k of ['q', 'status', 'section', 'author', 'kind', 'from', 'to', 'sort', 'after', 'limit']) {
    const all = p.getAll(k);
    if (all.length) out[k] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** The newsroom's list of every article, and the editors' bulk actions on it. */
export function articleListRoutes(app: FastifyInstance, ctx: AppContext): void {
  /** The list for these query values: 400 with the fields named when they are not a list's. */
  const show = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: FormValues,
    extra: Partial<ArticleListView> = {},
    status = 200,
  ) => {
    const base = {
      ...screenFrame(req, ctx.site()),
      values,
      sections: ctx.sections.topLevel(),
      authors: await ctx.articleList.authors(),
      ...extra,
    };
    const parsed = listQuery(ctx.site().timeZone).safeParse(values);
    const refused = (fields: Record<string, string>) =>
      sendPage(reply, <ArticleListPage {...base} refusal={{ error: listError(fields), fields }} />, 400);
    if (!parsed.success) return refused(fieldErrors(parsed.error));
    try {
      const result = await ctx.articleList.list(req.user!, parsed.data);
      return sendPage(reply, <ArticleListPage {...base} request={parsed.data} result={result} />, status);
    } catch (err) {
      if (err instanceof ListQueryError) return refused(err.fields);
      throw err;
    }
  };

  app.get(LIST_PATH, { config: { permission: 'newsroom.use' } }, (req, reply) =>
    show(req, reply, formValues(req.query)),
  );

  app.post(`${LIST_PATH}/bulk`, { config: { permission: 'article.edit-any' } }, async (req, reply) => {
    const sent = parseForm(bulkForm, req.body);
    const back = listParams(typeof sent.values.back === 'string' ? sent.values.back : '');
    if (!sent.ok) return show(req, reply, back, { bulk: formRefusal(sent) }, 422);
    // The form reader keeps the first 100 values of a field: more is refused, never cut short.
    if (countOf(req.body, 'ids') > MAX_BULK) {
      const fields = { ids: `Select at most ${MAX_BULK} articles.` };
      return show(req, reply, back, { bulk: { error: fields.ids, fields, values: sent.values } }, 422);
    }
    const { ids, action, section, tag } = sent.data;
    const actor = requestActor(req);
    try {
      const outcome =
        action === 'move'
          ? await ctx.articles.moveToSection(ids, section, actor)
          : action === 'tag'
            ? await ctx.articles.addTag(ids, tag, actor)
            : await ctx.articles.deleteDrafts(ids, actor);
      return show(req, reply, back, { outcome: { action, ...outcome } });
    } catch (err) {
      const refusal = bulkRefusal(err, sent.values);
      if (!refusal) throw err;
      return show(req, reply, back, { bulk: refusal }, 422);
    }
  });
}

/** How many values a form field was sent with. */
function countOf(body: unknown, name: string): number {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return Array.isArray(v) ? v.length : v === undefined ? 0 : 1;
}

/** A refused query string's message: each field by name. */
function listError(fields: Record<string, string>): string {
  return `The list cannot be shown: ${Object.entries(fields)
    .map(([k, v]) => `"${k}": ${v}`)
    .join(' ')}`;
}

/** A bulk action the service refused as a whole (an unknown section, an empty tag), for the form. */
function bulkRefusal(err: unknown, values: FormValues): Refusal | undefined {
  return err instanceof ValidationError ? { error: err.message, fields: err.fields, values } : undefined;
}

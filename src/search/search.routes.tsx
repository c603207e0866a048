import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { BadRequestError } from '../core/errors.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import { isValidDate, localDayRange } from '../core/time.ts';
import { articleUrl } from '../core/urls.ts';
import { queryString, sendPage } from '../http/html.ts';
import { renderPage } from '../render/render.ts';
import type { SearchFilters } from './engine.ts';
import { MAX_QUERY_CHARS } from './query.ts';
import { SearchUnavailableError } from './search.limits.ts';
import { type SearchForm, SearchPage } from './search.page.tsx';
import type { SearchService } from './search.service.ts';
import { snippetHtml } from './snippet.ts';

function param(req: FastifyRequest, key: string, max: number): string {
  const v = queryString(req.query, key);
  if (v === undefined || v === '') return '';
  if (typeof v !== 'string') throw new BadRequestError(`Give "${key}" once.`);
  if (v.length > max) {
    throw new BadRequestError(
      key === 'q' ? `Search for at most ${MAX_QUERY_CHARS} characters.` : `"${key}" is too long.`,
    );
  }
  return v;
}

function day(raw: string, key: string, tz: string): [number, number] | undefined {
  if (!raw) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const parts = m ? ([Number(m[1]), Number(m[2]), Number(m[3])] as const) : undefined;
  if (!parts || !isValidDate(...parts)) throw new BadRequestError(`"${key}" must be a date like 2024-10-18.`);
  return localDayRange(...parts, tz);
}

/** The search form and its results: every query parameter checked (400 with a reason). */
async function readSearch(req: FastifyRequest, ctx: AppContext, search: SearchService) {
  const form: SearchForm = {
    q: param(req, 'q', MAX_QUERY_CHARS),
    section: param(req, 'section', 120),
    tag: param(req, 'tag', 120),
    from: param(req, 'from', 10),
    to: param(req, 'to', 10),
  };
  const filters: SearchFilters = {};
  if (form.section) {
    const s = ctx.sections.bySlugOrUndefined(form.section);
    if (!s) throw new BadRequestError(`There is no section "${form.section}".`);
    filters.section = { id: s.id, isRoot: !s.parent };
  }
  if (form.tag) {
    // Only a slug can name a tag; anything else (a NUL byte PostgreSQL refuses) is not looked up.
    const t = SLUG_PATTERN.test(form.tag) ? await ctx.tagsReader.bySlug(form.tag) : undefined;
    if (!t) throw new BadRequestError(`There is no tag "${form.tag}".`);
    filters.tagId = t.id;
  }
  filters.from = day(form.from, 'from', ctx.config.timeZone)?.[0];
  filters.to = day(form.to, 'to', ctx.config.timeZone)?.[1];
  if (filters.from !== undefined && filters.to !== undefined && filters.from >= filters.to) {
    throw new BadRequestError('The "from" date must not be after the "to" date.');
  }
  const cursor = param(req, 'after', 200) || undefined;
  const limitRaw = param(req, 'limit', 3);
  const limit = limitRaw ? Number(limitRaw) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 50)) {
    throw new BadRequestError('"limit" must be a number from 1 to 50.');
  }
  const res = await search.search({ q: form.q, filters, cursor, ...(limit ? { limit } : {}) });
  return { form, res, first: !cursor, limit };
}

/** The address of the next page of results. */
function nextUrl(base: string, form: SearchForm, next: string, limit?: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v) p.set(k, v);
  if (limit) p.set('limit', String(limit));
  p.set('after', next);
  return `${base}?${p}`;
}

/** Reader search: the /search page and the same results as JSON for scripts and apps. */
export function searchRoutes(app: FastifyInstance, ctx: AppContext, search: SearchService): void {
  // A search refused for lack of capacity (503) says when to try again; onError runs before the
  // app's error handler renders the answer.
  app.addHook('onError', async (_req, reply, err) => {
    if (err instanceof SearchUnavailableError) reply.header('retry-after', String(err.retryAfterSeconds));
  });
  /** The search page with an empty form and a message in place of results. */
  const errorView = (message: string) => (
    <SearchPage
      opts={ctx.listingOptions()}
      sections={ctx.sections.all()}
      form={{ q: '', section: '', tag: '', from: '', to: '' }}
      error={message}
      first
    />
  );
  // Under a flood of searches the "busy" page is what most of them get: rendered once every few
  // seconds rather than per request, so refusing a search costs the event loop next to nothing.
  const refusals = new Map<string, { html: string; until: number }>();
  const refusalPage = (err: SearchUnavailableError): string => {
    let page = refusals.get(err.code);
    if (!page || page.until < Date.now()) {
      const html = renderPage(errorView(err.message));
      page = { html, until: Date.now() + 5000 };
      refusals.set(err.code, page);
    }
    return page.html;
  };
  const read = (req: FastifyRequest) => readSearch(req, ctx, search);

  app.get('/search', { config: { permission: 'public' } }, async (req, reply) => {
    try {
      const { form, res, first } = await read(req);
      return sendPage(
        reply,
        <SearchPage
          opts={ctx.listingOptions()}
          sections={ctx.sections.all()}
          form={form}
          res={res}
          first={first}
          next={res.next ? nextUrl('/search', form, res.next) : undefined}
        />,
      );
    } catch (err) {
      if (err instanceof SearchUnavailableError) {
        return reply
          .code(err.status)
          .header('retry-after', String(err.retryAfterSeconds))
          .type('text/html; charset=utf-8')
          .send(refusalPage(err));
      }
      if (!(err instanceof BadRequestError)) throw err;
      return sendPage(reply, errorView(err.message), 400);
    }
  });

  app.get('/api/content/v1/search', { config: { permission: 'public' } }, async (req) => {
    const { form, res, limit } = await read(req);
    return {
      query: form.q,
      results: res.results.map((r) => ({
        id: r.article.id,
        url: `${ctx.config.siteUrl}${articleUrl(r.article)}`,
        headline: r.article.headline,
        place: r.article.place,
        lede: r.article.lede,
        section: ctx.sections.path(r.article.section_id).map((s) => s.name),
        publishedAt: new Date(r.article.published_at).toISOString(),
        viewCount: r.article.view_count,
        snippetHtml: snippetHtml(r.snippet),
      })),
      next: res.next ? nextUrl('/api/content/v1/search', form, res.next, limit) : null,
    };
  });
}

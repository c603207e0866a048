import type { FastifyInstance } from 'fastify';
import { PAGE_SIZE } from '../articles/articles.reader.ts';
import { listInRange } from '../articles/articles.repository.ts';
import { encodeCursor, parseCursor } from '../articles/cursor.ts';
import { articleKeysOf, cachePage } from '../cache/http-cache.ts';
import { NotFoundError } from '../core/errors.ts';
import { isValidDate, localDayRange, localMonthRange, localParts, monthName } from '../core/time.ts';
import type { AppContext } from '../http/context.ts';
import { queryString, sendPage } from '../http/html.ts';
import { Layout } from '../render/layout.tsx';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';

const pad = (n: number) => String(n).padStart(2, '0');

function parseYmd(y: string, m: string, d?: string): [number, number, number] {
  if (!/^\d{4}$/.test(y) || !/^\d{2}$/.test(m) || (d !== undefined && !/^\d{2}$/.test(d)))
    throw new NotFoundError();
  const parts: [number, number, number] = [Number(y), Number(m), d === undefined ? 1 : Number(d)];
  if (!isValidDate(...parts)) throw new NotFoundError();
  return parts;
}

export function archiveRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/archive', { config: { permission: 'public' } }, async (_req, reply) => {
    const site = ctx.site();
    const today = localParts(Date.now(), site.timeZone);
    const days: { href: string; label: string }[] = [];
    for (let i = 0; i < 14; i++) {
      const d = new Date(Date.UTC(today.year, today.month - 1, today.day - i));
      const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      days.push({ href: `/archive/${y}/${pad(m)}/${pad(dd)}`, label: `${monthName(m)} ${dd}, ${y}` });
    }
    const months: { href: string; label: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const d = new Date(Date.UTC(today.year, today.month - 1 - i, 1));
      const [y, m] = [d.getUTCFullYear(), d.getUTCMonth() + 1];
      months.push({ href: `/archive/${y}/${pad(m)}`, label: `${monthName(m)} ${y}` });
    }
    return sendPage(
      reply,
      <Layout site={site} meta={{ title: 'Archive', canonical: '/archive' }}>
        <h1 class="page-title">Archive</h1>
        <div class="section-blocks">
          <section aria-labelledby="days">
            <h2 id="days">Recent days</h2>
            <ul>
              {days.map((x) => (
                <li key={x.href}>
                  <a href={x.href}>{x.label}</a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="months">
            <h2 id="months">Months</h2>
            <ul>
              {months.map((x) => (
                <li key={x.href}>
                  <a href={x.href}>{x.label}</a>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </Layout>,
    );
  });

  const listing = async (
    reply: import('fastify').FastifyReply,
    query: unknown,
    base: string,
    title: string,
    range: [number, number],
    nav: { prev: { href: string; label: string }; next: { href: string; label: string } },
  ) => {
    const before = parseCursor(queryString(query, 'before'));
    const rows = await listInRange(ctx.db, range[0], range[1], PAGE_SIZE + 1, before);
    cachePage(reply, ['archive', ...articleKeysOf(rows.slice(0, PAGE_SIZE))]);
    return sendPage(
      reply,
      <ListingPage
        opts={ctx.listingOptions()}
        meta={{ title, canonical: before ? undefined : base, noindex: Boolean(before) }}
        heading={title}
        nav={
          <nav aria-label="Archive">
            <ul class="sub-nav">
              <li>
                <a href={nav.prev.href}>« {nav.prev.label}</a>
              </li>
              <li>
                <a href="/archive">All archive</a>
              </li>
              <li>
                <a href={nav.next.href}>{nav.next.label} »</a>
              </li>
            </ul>
          </nav>
        }
        items={rows.slice(0, PAGE_SIZE)}
        older={olderLink(base, rows, PAGE_SIZE, encodeCursor)}
        newest={before ? base : undefined}
        empty="Nothing was published on this date."
      />,
    );
  };

  app.get<{ Params: { y: string; m: string; d: string } }>(
    '/archive/:y/:m/:d',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const [y, m, d] = parseYmd(req.params.y, req.params.m, req.params.d);
      const link = (offset: number) => {
        const t = new Date(Date.UTC(y, m - 1, d + offset));
        const [yy, mm, dd] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
        return { href: `/archive/${yy}/${pad(mm)}/${pad(dd)}`, label: `${monthName(mm)} ${dd}` };
      };
      const tz = ctx.site().timeZone;
      return listing(
        reply,
        req.query,
        `/archive/${y}/${pad(m)}/${pad(d)}`,
        `${monthName(m)} ${d}, ${y}`,
        localDayRange(y, m, d, tz),
        {
          prev: link(-1),
          next: link(1),
        },
      );
    },
  );

  app.get<{ Params: { y: string; m: string } }>(
    '/archive/:y/:m',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const [y, m] = parseYmd(req.params.y, req.params.m);
      const link = (offset: number) => {
        const t = new Date(Date.UTC(y, m - 1 + offset, 1));
        const [yy, mm] = [t.getUTCFullYear(), t.getUTCMonth() + 1];
        return { href: `/archive/${yy}/${pad(mm)}`, label: `${monthName(mm)} ${yy}` };
      };
      const tz = ctx.site().timeZone;
      return listing(
        reply,
        req.query,
        `/archive/${y}/${pad(m)}`,
        `${monthName(m)} ${y}`,
        localMonthRange(y, m, tz),
        {
          prev: link(-1),
          next: link(1),
        },
      );
    },
  );
}

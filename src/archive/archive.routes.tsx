import type { FastifyInstance, FastifyReply } from 'fastify';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { parseCursor } from '../core/cursor.ts';
import { NotFoundError } from '../core/errors.ts';
import { isValidDate, localDayRange, localMonthRange, localParts } from '../core/time.ts';
import { queryString, sendPage } from '../http/html.ts';
import { type ArchiveDate, ArchiveIndexPage, ArchivePage } from './archive.page.tsx';

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
    const { year, month, day } = localParts(Date.now(), site.timeZone);
    return sendPage(reply, <ArchiveIndexPage site={site} today={{ year, month, day }} />);
  });

  const listing = async (reply: FastifyReply, query: unknown, date: ArchiveDate, range: [number, number]) => {
    const before = parseCursor(queryString(query, 'before'));
    const page = await ctx.listings.page({ kind: 'archive', from: range[0], to: range[1] }, before);
    cachePage(reply, page.keys);
    return sendPage(
      reply,
      <ArchivePage
        opts={ctx.listingOptions()}
        date={date}
        items={page.items}
        next={page.next}
        paged={Boolean(before)}
      />,
    );
  };

  app.get<{ Params: { y: string; m: string; d: string } }>(
    '/archive/:y/:m/:d',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const [year, month, day] = parseYmd(req.params.y, req.params.m, req.params.d);
      const range = localDayRange(year, month, day, ctx.site().timeZone);
      return listing(reply, req.query, { year, month, day }, range);
    },
  );

  app.get<{ Params: { y: string; m: string } }>(
    '/archive/:y/:m',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const [year, month] = parseYmd(req.params.y, req.params.m);
      const range = localMonthRange(year, month, ctx.site().timeZone);
      return listing(reply, req.query, { year, month }, range);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../context.ts';
import { articleKeysOf } from '../core/cache-keys.ts';
import { sendPage } from '../http/html.ts';
import { HomePage, type HomeView } from './home.page.tsx';

export function homeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', { config: { permission: 'public' } }, async (_req, reply) => {
    const { keys, ...lists } = await ctx.homeReader.lists();
    const view: HomeView = { ...lists, mostRead: await ctx.views.mostReadLists() };
    cachePage(reply, [...keys, ...articleKeysOf(view.mostRead.day, view.mostRead.week)]);
    return sendPage(reply, <HomePage v={view} opts={ctx.listingOptions()} />);
  });
}

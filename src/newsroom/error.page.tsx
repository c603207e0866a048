import type { FastifyRequest } from 'fastify';
import type { ErrorPageFor } from '../http/error-pages.tsx';
import { parseId } from '../http/html.ts';
import type { SiteContext } from '../render/context.ts';
import { NewsroomLayout } from './newsroom-layout.tsx';

/** Where "back" goes from an error: the article the route was about, else the newsroom's front. */
function backLink(req: FastifyRequest): { href: string; label: string } {
  const route = req.routeOptions.url ?? '';
  const id = parseId((req.params as { id?: unknown } | undefined)?.id);
  if (id && route.startsWith('/newsroom/articles/:id')) {
    return { href: `/newsroom/articles/${id}`, label: 'Back to the article' };
  }
  return { href: '/newsroom', label: 'Back to the newsroom' };
}

/**
 * Errors of the newsroom's routes, for a signed-in user, in the newsroom's layout with a way back to
 * what they were doing (the public site's page would strand them among the readers' links).
 */
export function newsroomErrorPage(site: () => SiteContext): ErrorPageFor {
  return (req, error) => {
    if (!req.user || !(req.routeOptions.url ?? '').startsWith('/newsroom')) return undefined;
    const back = backLink(req);
    return (
      <NewsroomLayout site={site()} title={error.title} user={req.user} csrf={req.csrfToken}>
        <p class="flash flash-error" role="alert">
          {error.message}
        </p>
        <p>
          <a href={back.href}>{back.label}</a>
        </p>
      </NewsroomLayout>
    );
  };
}

import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../accounts/accounts.service.ts';
import type { SiteContext } from '../render/context.ts';

/** What every newsroom screen is drawn with: the site, who is looking, and the token its forms carry. */
export interface ScreenFrame {
  site: SiteContext;
  user: SessionUser | null;
  csrf: string | null;
}

export function screenFrame(req: FastifyRequest, site: SiteContext): ScreenFrame {
  return { site, user: req.user, csrf: req.csrfToken };
}

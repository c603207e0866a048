import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { AccountService, SessionUser } from './accounts.service.ts';
import { can, type Permission } from './permissions.ts';

export const SESSION_COOKIE = 'dateline_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a newsroom or admin-API route needs; 'public' for the login page. */
    permission?: Permission | 'public';
  }
  interface FastifyRequest {
    user: SessionUser | null;
    csrfToken: string | null;
    /** How the user was identified: a browser session (needs CSRF tokens) or an API token. */
    authVia: 'session' | 'token' | null;
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this.') {
    super('forbidden', 403, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Log in to continue.') {
    super('unauthorized', 401, message);
  }
}

const PROTECTED = /^\/(newsroom|api\/admin)(\/|$)/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Deny by default: every route under /newsroom and /api/admin must declare the permission it needs;
 * one that declares none is refused, so a forgotten check fails closed. Browser sessions must also
 * send their CSRF token with every state-changing request.
 */
export function registerAuth(app: FastifyInstance, accounts: AccountService): void {
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('authVia', null);

  app.addHook('onRequest', async (req) => {
    if (!PROTECTED.test(req.url)) return;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      req.user = await accounts.resolveApiToken(bearer);
      if (!req.user) throw new UnauthorizedError('The API token is not valid.');
      req.authVia = 'token';
      return;
    }
    const session = await accounts.resolveSession(req.cookies[SESSION_COOKIE]);
    if (session) {
      req.user = session.user;
      req.csrfToken = session.csrfToken;
      req.authVia = 'session';
    }
  });

  // preHandler: after the body is parsed, so a form's CSRF field can be read.
  app.addHook('preHandler', async (req, reply) => {
    if (!PROTECTED.test(req.url)) return;
    const permission = req.routeOptions.config?.permission;
    if (permission === 'public') return;
    if (!permission) throw new ForbiddenError('This address is not open to anyone.');
    if (!req.user) return denyAnonymous(req, reply);
    if (!can(req.user.role, permission)) throw new ForbiddenError();
    if (req.authVia === 'session' && UNSAFE.has(req.method)) {
      // A form field (multipart fields arrive as { value }) or, for scripts, a header.
      const field = (req.body as Record<string, unknown> | undefined)?._csrf;
      const fromBody =
        typeof field === 'string'
          ? field
          : field && typeof field === 'object' && 'value' in field
            ? field.value
            : undefined;
      const sent = (typeof fromBody === 'string' && fromBody) || req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !req.csrfToken || !sameToken(sent, req.csrfToken)) {
        throw new ForbiddenError(
          'The form has expired or did not come from this site. Reload the page and try again.',
        );
      }
    }
  });
}

function denyAnonymous(req: FastifyRequest, reply: FastifyReply) {
  if (req.url.startsWith('/api/') || req.method !== 'GET') throw new UnauthorizedError();
  return reply.redirect(`/newsroom/login?next=${encodeURIComponent(req.url)}`, 303);
}

/** Where to go after login: only a newsroom path on this site. */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/newsroom(\/[\w\-/?=&%.]*)?$/.test(raw) && !raw.startsWith('//')
    ? raw
    : '/newsroom';
}

import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, PermissionDeniedError, UnauthorizedError } from '../core/errors.ts';

// Raised here and by services; they live in core so plumbing can raise them too.
export { ForbiddenError, PermissionDeniedError, UnauthorizedError };

import type { AccountService, SessionUser } from './accounts.service.ts';
import { can, PERMISSIONS, type Permission } from './permissions.ts';

export const SESSION_COOKIE = 'dateline_session';
/** How the session cookie starts in a Cookie header (checked on every cache hit). */
const SESSION_MARK = `${SESSION_COOKIE}=`;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a newsroom or admin-API route needs; 'public' for the login page. */
    permission?: Permission | 'public';
    /**
     * Open to a user who must still replace a one-time password (the account page, the password
     * change, logout); every other route sends them there first.
     */
    beforePasswordChange?: boolean;
  }
  interface FastifyInstance {
    /** Every route as registered, with its declared permission (tests enumerate them). */
    declaredRoutes: readonly DeclaredRoute[];
  }
  interface FastifyRequest {
    user: SessionUser | null;
    csrfToken: string | null;
    /** How the user was identified: a browser session (needs CSRF tokens) or an API token. */
    authVia: 'session' | 'token' | null;
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  permission: Permission | 'public';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authorisation on the route that matched, never on the URL string. Every route declares
 * `config.permission` (a permission, or 'public'); a route registered without one stops the app at
 * startup. One hook reads the matched route's declaration after routing, so no spelling of a path
 * (percent-encoded, absolute-form, trailing slash) reaches a handler unchecked. Browser sessions
 * must also send their CSRF token with every state-changing request.
 */
export function registerAuth(app: FastifyInstance, accounts: AccountService): void {
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('authVia', null);

  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  // Deny by default, at startup: a route that declares nothing is a programming error.
  app.addHook('onRoute', (route) => {
    const permission = (route.config as { permission?: unknown } | undefined)?.permission;
    const methods = [route.method].flat();
    if (permission !== 'public' && !(typeof permission === 'string' && permission in PERMISSIONS)) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} declares no permission: add config: { permission: 'public' | <permission> }.`,
      );
    }
    for (const method of methods)
      declared.push({ method, url: route.url, permission: permission as Permission });
  });

  // onRequest runs after routing: the declaration read here is the matched route's.
  app.addHook('onRequest', async (req, reply) => {
    const permission = declaredPermission(req);
    if (permission === 'public') return;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      req.user = await accounts.resolveApiToken(bearer);
      if (!req.user) throw new UnauthorizedError('The API token is not valid.');
      req.authVia = 'token';
    } else {
      const session = await accounts.resolveSession(req.cookies[SESSION_COOKIE]);
      if (session) {
        req.user = session.user;
        req.csrfToken = session.csrfToken;
        req.authVia = 'session';
      }
    }
    if (!permission) throw new PermissionDeniedError('This address is not open to anyone.');
    if (!req.user) return denyAnonymous(req, reply);
    if (!can(req.user.role, permission)) throw new PermissionDeniedError();
    if (req.user.mustChangePassword && !req.routeOptions.config.beforePasswordChange)
      return requirePasswordChange(req, reply);
  });

  // preHandler: after the body is parsed, so a form's CSRF field can be read.
  app.addHook('preHandler', async (req) => {
    if (declaredPermission(req) === 'public' || req.authVia !== 'session' || !UNSAFE.has(req.method)) return;
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
  });
}

/**
 * The matched route's declaration. The not-found handler is no route: it serves nothing but the
 * 404 page, so it is public. Anything else without a valid declaration is refused (undefined).
 */
function declaredPermission(req: FastifyRequest): Permission | 'public' | undefined {
  if (req.is404) return 'public';
  const p = req.routeOptions.config?.permission;
  return p === 'public' || (typeof p === 'string' && p in PERMISSIONS) ? p : undefined;
}

function denyAnonymous(req: FastifyRequest, reply: FastifyReply) {
  // Pages send a browser to the login form; the API and every other method get a plain 401.
  const api = req.routeOptions.url?.startsWith('/api/') ?? true;
  if (api || req.method !== 'GET') throw new UnauthorizedError();
  return reply.redirect(`/newsroom/login?next=${encodeURIComponent(req.url)}`, 303);
}

/** Refused while the user still has a one-time password: they choose their own first. */
export class PasswordChangeRequiredError extends ForbiddenError {
  override readonly code = 'password_change_required';
  constructor() {
    super('Choose your own password first: change the one-time password at /newsroom/account.');
  }
}

/** Where the password is changed; pages go there, everything else is refused with a code to act on. */
export const PASSWORD_CHANGE_PAGE = '/newsroom/account';

function requirePasswordChange(req: FastifyRequest, reply: FastifyReply) {
  const api = req.routeOptions.url?.startsWith('/api/') ?? true;
  if (api || req.method !== 'GET') throw new PasswordChangeRequiredError();
  return reply.redirect(PASSWORD_CHANGE_PAGE, 303);
}

/**
 * The user a route acts for. The auth hook has already refused anonymous requests to every route
 * that declares a permission; this fails closed should a handler ever run without one.
 */
export function requestActor(req: FastifyRequest): SessionUser {
  if (!req.user) throw new UnauthorizedError();
  return req.user;
}

/**
 * Whether a request carries an identity (an API token or a newsroom session cookie). The page
 * cache neither serves such requests nor stores what they get: staff never see a page made for
 * someone else, and nobody sees one made for staff.
 */
export function carriesIdentity(headers: {
  authorization?: string | undefined;
  cookie?: string | undefined;
}): boolean {
  return !!headers.authorization || !!headers.cookie?.includes(SESSION_MARK);
}

/** Where to go after login: only a newsroom path on this site. */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/newsroom(\/[\w\-/?=&%.]*)?$/.test(raw) && !raw.startsWith('//')
    ? raw
    : '/newsroom';
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/audit.service.ts';
import type { AuthorAdmin } from '../authors/authors.admin.ts';
import { ValidationError } from '../core/errors.ts';
import { parseForm } from '../http/forms.ts';
import { parseId, queryString, sendPage } from '../http/html.ts';
import { changeThenRedirect, itemId } from '../newsroom/change.ts';
import type { SiteContext } from '../render/context.ts';
import { AccountPage, type AccountPageProps } from './account.page.tsx';
import {
  authorLinkSchema,
  loginCsrfSchema,
  loginSchema,
  newUserSchema,
  passwordChangeSchema,
  roleChangeSchema,
  tokenNameSchema,
  userActionSchema,
} from './accounts.schema.ts';
import { type AccountService, LoginError, SESSION_TTL_MS } from './accounts.service.ts';
import { PASSWORD_CHANGE_PAGE, requestActor, SESSION_COOKIE, safeNext } from './auth.ts';
import { LoginPage, type LoginPageProps } from './login.page.tsx';
import { UsersPage, type UsersPageProps } from './users.page.tsx';

const LOGIN_COOKIE = 'dateline_login';

export interface AccountRoutesDeps {
  accounts: AccountService;
  /** Author profiles: the users screen links each account to its byline. */
  authors: AuthorAdmin;
  audit: AuditLog;
  site: () => SiteContext;
}

type PageExtras<P> = Omit<P, 'site' | 'user' | 'csrf' | 'tokens' | 'users' | 'authors'>;

/** Open to a user who must still replace a one-time password (see auth.ts). */
const OWN = { config: { permission: 'newsroom.use', beforePasswordChange: true } } as const;
const USERS = { config: { permission: 'users.manage' } } as const;

/** Login, logout, the user's own account (password, API tokens) and, for admins, the users. */
export function accountRoutes(app: FastifyInstance, deps: AccountRoutesDeps): void {
  loginRoutes(app, deps);
  ownAccountRoutes(app, deps);
  userAdminRoutes(app, deps);
}

/** The login form (with its own double-submit CSRF cookie) and logout. */
function loginRoutes(app: FastifyInstance, deps: AccountRoutesDeps): void {
  const { accounts } = deps;

  const loginForm = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: Omit<LoginPageProps, 'site' | 'loginCsrf' | 'next'> & { next?: string } = {},
  ) => {
    // Login CSRF: a random value in a cookie and in the form must match (double submit).
    const pre = randomBytes(24).toString('base64url');
    reply.setCookie(LOGIN_COOKIE, pre, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      path: '/newsroom/login',
      maxAge: 3600,
    });
    const next = extra.next ?? safeNext(queryString(req.query, 'next'));
    return sendPage(reply, <LoginPage site={deps.site()} loginCsrf={pre} {...extra} next={next} />, status);
  };

  app.get('/newsroom/login', { config: { permission: 'public' } }, async (req, reply) => {
    // Public routes resolve no identity; the login page looks for a live session itself.
    if (await accounts.resolveSession(req.cookies[SESSION_COOKIE])) return reply.redirect('/newsroom', 303);
    return loginForm(req, reply, 200);
  });

  app.post(
    '/newsroom/login',
    { config: { permission: 'public', rateLimit: { max: 20, timeWindow: '5 minutes' } } },
    async (req, reply) => {
      const form = parseForm(loginSchema, req.body);
      const next = form.ok ? form.data.next : safeNext(form.values.next);
      const csrf = loginCsrfSchema.safeParse(req.body);
      const sent = csrf.success ? csrf.data._csrf : '';
      const expected = req.cookies[LOGIN_COOKIE] ?? '';
      if (
        !sent ||
        sent.length !== expected.length ||
        !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
      ) {
        const error = 'The login form expired. Please try again.';
        return loginForm(req, reply, 403, { error, next, values: form.values });
      }
      if (!form.ok) {
        const error = 'Please check the form.';
        return loginForm(req, reply, 422, { error, next, fields: form.fields, values: form.values });
      }
      try {
        const user = await accounts.authenticate(form.data.email, form.data.password, req.ip);
        const { cookie } = await accounts.startSession(user.id, req.cookies[SESSION_COOKIE]);
        reply.clearCookie(LOGIN_COOKIE, { path: '/newsroom/login' });
        reply.setCookie(SESSION_COOKIE, cookie, {
          httpOnly: true,
          sameSite: 'lax',
          secure: req.protocol === 'https',
          path: '/',
          maxAge: SESSION_TTL_MS / 1000,
        });
        return reply.redirect(next, 303);
      } catch (err) {
        if (err instanceof LoginError)
          return loginForm(req, reply, 401, { error: err.message, next, values: form.values });
        throw err;
      }
    },
  );

  app.post('/newsroom/logout', OWN, async (req, reply) => {
    await accounts.endSession(req.cookies[SESSION_COOKIE]);
    if (req.user)
      await deps.audit.record({
        userId: req.user.id,
        action: 'logout',
        subject: `user:${req.user.id}`,
        ip: req.ip,
      });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/newsroom/login', 303);
  });
}

/** The signed-in user's own account: password and API tokens. */
function ownAccountRoutes(app: FastifyInstance, deps: AccountRoutesDeps): void {
  const { accounts } = deps;

  const accountPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: PageExtras<AccountPageProps> = {},
    status = 200,
  ) => {
    const user = requestActor(req);
    const tokens = await accounts.listApiTokens(user.id);
    return sendPage(
      reply,
      <AccountPage site={deps.site()} user={user} csrf={req.csrfToken} tokens={tokens} {...extra} />,
      status,
    );
  };

  app.get(PASSWORD_CHANGE_PAGE, OWN, (req, reply) => accountPage(req, reply));

  app.post('/newsroom/account/password', OWN, async (req, reply) => {
    const form = parseForm(passwordChangeSchema, req.body);
    // Passwords are never sent back to the page: the values are left out.
    if (!form.ok)
      return accountPage(req, reply, { error: 'The password was not changed.', fields: form.fields }, 422);
    try {
      await accounts.changePassword(
        requestActor(req).id,
        form.data.current,
        form.data.next,
        req.cookies[SESSION_COOKIE],
      );
      // The one-time password is gone: the newsroom opens.
      if (requestActor(req).mustChangePassword) return reply.redirect('/newsroom', 303);
      return accountPage(req, reply, {
        notice: 'Your password was changed. Your other sessions have ended and your API tokens were revoked.',
      });
    } catch (err) {
      if (err instanceof ValidationError)
        return accountPage(req, reply, { error: err.message, fields: err.fields }, 422);
      throw err;
    }
  });

  app.post('/newsroom/account/tokens', { config: { permission: 'newsroom.use' } }, async (req, reply) => {
    const form = parseForm(tokenNameSchema, req.body);
    if (!form.ok) {
      const error = 'The token was not created.';
      return accountPage(req, reply, { error, fields: form.fields, values: form.values }, 422);
    }
    const { token } = await accounts.createApiToken(requestActor(req).id, form.data.name);
    return accountPage(req, reply, { token });
  });

  app.post<{ Params: { id: string } }>(
    '/newsroom/account/tokens/:id/revoke',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const id = parseId(req.params.id);
      // Someone else's token, or one already revoked, is left alone: the list shows what is so.
      if (id) await accounts.revokeApiToken(requestActor(req).id, id);
      return reply.redirect('/newsroom/account', 303);
    },
  );
}

/** Admins: the users, adding one, roles, disabling, bylines. */
function userAdminRoutes(app: FastifyInstance, deps: AccountRoutesDeps): void {
  const { accounts } = deps;
  userBylineRoutes(app, deps);

  const usersPage = usersPageOf(deps);

  app.get('/newsroom/users', USERS, (req, reply) => usersPage(req, reply));

  app.post('/newsroom/users', USERS, async (req, reply) => {
    const form = parseForm(newUserSchema, req.body);
    if (!form.ok) {
      return usersPage(
        req,
        reply,
        { error: 'The user is not valid.', fields: form.fields, values: form.values },
        422,
      );
    }
    try {
      const r = await accounts.createUser(form.data, requestActor(req));
      return usersPage(req, reply, {
        notice: `Added ${r.email}. One-time password (they choose their own at first login): ${r.password}`,
      });
    } catch (err) {
      if (err instanceof ValidationError) {
        return usersPage(req, reply, { error: err.message, fields: err.fields, values: form.values }, 422);
      }
      throw err;
    }
  });

  app.post<{ Params: { id: string; action: string } }>(
    '/newsroom/users/:id/:action',
    USERS,
    async (req, reply) => {
      const id = parseId(req.params.id);
      const action = userActionSchema.safeParse(req.params.action);
      if (!id || !action.success) return reply.callNotFound();
      const actorId = requestActor(req).id;
      try {
        if (action.data === 'role') {
          const form = parseForm(roleChangeSchema, req.body);
          if (!form.ok) {
            const roleError = { userId: id, message: form.fields.role ?? 'Choose one of the listed roles' };
            return usersPage(req, reply, { error: 'Unknown role.', roleError }, 422);
          }
          await accounts.setRole(actorId, id, form.data.role);
        } else {
          await accounts.setDisabled(actorId, id, action.data === 'disable');
        }
      } catch (err) {
        if (err instanceof ValidationError) return usersPage(req, reply, { error: err.message }, 422);
        throw err;
      }
      return reply.redirect('/newsroom/users', 303);
    },
  );
}

/** The users screen, with whatever a refused or done change adds to it. */
function usersPageOf(deps: AccountRoutesDeps) {
  return async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: PageExtras<UsersPageProps> = {},
    status = 200,
  ) => {
    const [users, authors] = await Promise.all([deps.accounts.listUsers(), deps.authors.list()]);
    const frame = { site: deps.site(), user: requestActor(req), csrf: req.csrfToken };
    return sendPage(reply, <UsersPage {...frame} users={users} authors={authors} {...extra} />, status);
  };
}

/** Admins link an account to its author profile (the byline of its new articles). */
function userBylineRoutes(app: FastifyInstance, deps: AccountRoutesDeps): void {
  const { accounts } = deps;
  const usersPage = usersPageOf(deps);
  // The account's byline: an existing profile, none, or a new one made from the account's name.
  const bylineChange = (req: FastifyRequest, reply: FastifyReply, change: () => Promise<unknown>) =>
    changeThenRedirect(
      reply,
      '/newsroom/users',
      (r, status) => {
        const authorError = { userId: itemId(req), message: r.fields?.author ?? r.error };
        return usersPage(req, reply, { error: r.error, authorError }, status);
      },
      change,
    );

  app.post('/newsroom/users/:id/author', USERS, (req, reply) => {
    const form = parseForm(authorLinkSchema, req.body);
    return bylineChange(req, reply, () =>
      form.ok
        ? accounts.linkAuthor(requestActor(req).id, itemId(req), form.data.author)
        : Promise.reject(new ValidationError('Choose one of the listed profiles.', form.fields)),
    );
  });

  app.post('/newsroom/users/:id/author/new', USERS, (req, reply) =>
    bylineChange(req, reply, () => deps.authors.createForUser(itemId(req), requestActor(req))),
  );
}

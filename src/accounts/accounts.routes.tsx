import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listAudit } from '../audit/audit.repository.ts';
import { ROLES, type Role } from '../core/db/schema.ts';
import { ValidationError } from '../core/errors.ts';
import { formatDateLine } from '../core/time.ts';
import type { AppContext } from '../http/context.ts';
import { formString, parseId, sendPage } from '../http/html.ts';
import { Csrf, NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { LoginError, SESSION_TTL_MS } from './accounts.service.ts';
import { requestActor, SESSION_COOKIE, safeNext } from './auth.ts';
import { listApiTokens, revokeApiToken } from './sessions.repository.ts';

const LOGIN_COOKIE = 'dateline_login';

/** Who acted, for an entry with no user: the system actor it names, or an anonymous visitor. */
function actorLabel(details: string): string {
  try {
    const by = (JSON.parse(details) as { by?: unknown }).by;
    return typeof by === 'string' ? `system (${by})` : 'anonymous';
  } catch {
    return 'anonymous';
  }
}
type Form = Record<string, unknown>;
const str = (f: unknown, k: string, max = 1000) => formString(f, k, max);

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const page = (
    req: FastifyRequest,
    title: string,
    body: preact.ComponentChildren,
    extra: { notice?: string; error?: string } = {},
  ) => (
    <NewsroomLayout site={ctx.site()} title={title} user={req.user} csrf={req.csrfToken} {...extra}>
      {body}
    </NewsroomLayout>
  );

  const loginForm = (req: FastifyRequest, reply: FastifyReply, status: number, error?: string) => {
    // Login CSRF: a random value in a cookie and in the form must match (double submit).
    const pre = randomBytes(24).toString('base64url');
    reply.setCookie(LOGIN_COOKIE, pre, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      path: '/newsroom/login',
      maxAge: 3600,
    });
    const next = safeNext((req.query as Form)?.next ?? str(req.body, 'next'));
    return sendPage(
      reply,
      page(
        req,
        'Log in',
        <form method="post" action="/newsroom/login" class="form narrow">
          <input type="hidden" name="_csrf" value={pre} />
          <input type="hidden" name="next" value={next} />
          <div>
            <label for="email">Email</label>
            <input id="email" name="email" type="email" autocomplete="username" required maxLength={254} />
          </div>
          <div>
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              maxLength={200}
            />
          </div>
          <div>
            <button type="submit">Log in</button>
          </div>
        </form>,
        { error },
      ),
      status,
    );
  };

  app.get('/newsroom/login', { config: { permission: 'public' } }, async (req, reply) => {
    // Public routes resolve no identity; the login page looks for a live session itself.
    if (await ctx.accounts.resolveSession(req.cookies[SESSION_COOKIE]))
      return reply.redirect('/newsroom', 303);
    return loginForm(req, reply, 200);
  });

  app.post(
    '/newsroom/login',
    { config: { permission: 'public', rateLimit: { max: 20, timeWindow: '5 minutes' } } },
    async (req, reply) => {
      const sent = str(req.body, '_csrf', 100);
      const expected = req.cookies[LOGIN_COOKIE] ?? '';
      if (
        !sent ||
        sent.length !== expected.length ||
        !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
      ) {
        return loginForm(req, reply, 403, 'The login form expired. Please try again.');
      }
      try {
        const user = await ctx.accounts.authenticate(
          str(req.body, 'email', 300),
          str(req.body, 'password', 300),
          req.ip,
        );
        const { cookie } = await ctx.accounts.startSession(user.id, req.cookies[SESSION_COOKIE]);
        reply.clearCookie(LOGIN_COOKIE, { path: '/newsroom/login' });
        reply.setCookie(SESSION_COOKIE, cookie, {
          httpOnly: true,
          sameSite: 'lax',
          secure: req.protocol === 'https',
          path: '/',
          maxAge: SESSION_TTL_MS / 1000,
        });
        return reply.redirect(safeNext(str(req.body, 'next', 500)), 303);
      } catch (err) {
        if (err instanceof LoginError) return loginForm(req, reply, 401, err.message);
        throw err;
      }
    },
  );

  app.post('/newsroom/logout', { config: { permission: 'newsroom.use' } }, async (req, reply) => {
    await ctx.accounts.endSession(req.cookies[SESSION_COOKIE]);
    if (req.user)
      await ctx.audit.record({
        userId: req.user.id,
        action: 'logout',
        subject: `user:${req.user.id}`,
        ip: req.ip,
      });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/newsroom/login', 303);
  });

  const accountPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: string; error?: string; token?: string } = {},
    status = 200,
  ) => {
    const user = req.user!;
    const tokens = await listApiTokens(ctx.db, user.id);
    const tz = ctx.site().timeZone;
    return sendPage(
      reply,
      page(
        req,
        'Your account',
        <>
          <h2>Change password</h2>
          <form method="post" action="/newsroom/account/password" class="form">
            <Csrf token={req.csrfToken} />
            <div>
              <label for="current">Current password</label>
              <input id="current" name="current" type="password" autocomplete="current-password" required />
            </div>
            <div>
              <label for="next">New password</label>
              <input
                id="next"
                name="next"
                type="password"
                autocomplete="new-password"
                minLength={10}
                required
              />
              <p class="hint">At least 10 characters.</p>
            </div>
            <div>
              <button type="submit">Change password</button>
            </div>
          </form>
          <h2>API tokens</h2>
          <p>Tokens act as you in the admin API (`Authorization: Bearer ...`), with your permissions.</p>
          {extra.token && (
            <p class="flash flash-ok" role="status">
              New token (shown once, copy it now): <code>{extra.token}</code>
            </p>
          )}
          <table class="table">
            <caption class="visually-hidden">Your API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{formatDateLine(t.created_at, tz)}</td>
                  <td>{t.revoked_at ? 'revoked' : 'active'}</td>
                  <td>
                    {!t.revoked_at && (
                      <form
                        method="post"
                        action={`/newsroom/account/tokens/${t.id}/revoke`}
                        class="inline-form"
                      >
                        <Csrf token={req.csrfToken} />
                        <button type="submit" class="button-secondary">
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action="/newsroom/account/tokens" class="form">
            <Csrf token={req.csrfToken} />
            <div>
              <label for="token-name">New token name</label>
              <input id="token-name" name="name" type="text" maxLength={100} required />
            </div>
            <div>
              <button type="submit">Create token</button>
            </div>
          </form>
        </>,
        extra,
      ),
      status,
    );
  };

  app.get('/newsroom/account', { config: { permission: 'newsroom.use' } }, (req, reply) =>
    accountPage(req, reply),
  );

  app.post('/newsroom/account/password', { config: { permission: 'newsroom.use' } }, async (req, reply) => {
    try {
      await ctx.accounts.changePassword(
        req.user!.id,
        str(req.body, 'current', 300),
        str(req.body, 'next', 300),
        req.cookies[SESSION_COOKIE],
      );
      return accountPage(req, reply, {
        notice: 'Your password was changed. Your other sessions have ended and your API tokens were revoked.',
      });
    } catch (err) {
      if (err instanceof ValidationError) return accountPage(req, reply, { error: err.message }, 422);
      throw err;
    }
  });

  app.post('/newsroom/account/tokens', { config: { permission: 'newsroom.use' } }, async (req, reply) => {
    const { token } = await ctx.accounts.createApiToken(req.user!.id, str(req.body, 'name', 100));
    return accountPage(req, reply, { token });
  });

  app.post<{ Params: { id: string } }>(
    '/newsroom/account/tokens/:id/revoke',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const id = parseId(req.params.id);
      if (id) await revokeApiToken(ctx.db, req.user!.id, id, Date.now());
      return reply.redirect('/newsroom/account', 303);
    },
  );

  const usersPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: string; error?: string } = {},
    status = 200,
  ) => {
    const users = await ctx.accounts.listUsers();
    return sendPage(
      reply,
      page(
        req,
        'Users',
        <>
          <table class="table">
            <caption class="visually-hidden">Newsroom users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    <form method="post" action={`/newsroom/users/${u.id}/role`} class="actions">
                      <Csrf token={req.csrfToken} />
                      <label class="visually-hidden" for={`role-${u.id}`}>
                        Role of {u.name}
                      </label>
                      <select id={`role-${u.id}`} name="role">
                        {ROLES.map((r) => (
                          <option value={r} selected={r === u.role} key={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      <button type="submit" class="button-secondary">
                        Set role
                      </button>
                    </form>
                  </td>
                  <td>
                    <form
                      method="post"
                      action={`/newsroom/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}
                      class="inline-form"
                    >
                      <Csrf token={req.csrfToken} />
                      {u.disabled ? 'disabled ' : 'active '}
                      <button type="submit" class="button-secondary">
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Add a user</h2>
          <form method="post" action="/newsroom/users" class="form">
            <Csrf token={req.csrfToken} />
            <div>
              <label for="u-name">Name</label>
              <input id="u-name" name="name" type="text" required maxLength={200} />
            </div>
            <div>
              <label for="u-email">Email</label>
              <input id="u-email" name="email" type="email" required maxLength={254} />
            </div>
            <div>
              <label for="u-role">Role</label>
              <select id="u-role" name="role">
                {ROLES.map((r) => (
                  <option value={r} key={r} selected={r === 'reporter'}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <button type="submit">Add user</button>
            </div>
          </form>
        </>,
        extra,
      ),
      status,
    );
  };

  app.get('/newsroom/users', { config: { permission: 'users.manage' } }, (req, reply) =>
    usersPage(req, reply),
  );

  app.post('/newsroom/users', { config: { permission: 'users.manage' } }, async (req, reply) => {
    try {
      const r = await ctx.accounts.createUser(
        {
          email: str(req.body, 'email', 300),
          name: str(req.body, 'name', 300),
          role: str(req.body, 'role', 20) as Role,
        },
        requestActor(req),
      );
      return usersPage(req, reply, {
        notice: `Added ${r.email}. One-time password (tell them to change it): ${r.password}`,
      });
    } catch (err) {
      if (err instanceof ValidationError) return usersPage(req, reply, { error: err.message }, 422);
      throw err;
    }
  });

  app.post<{ Params: { id: string; action: string } }>(
    '/newsroom/users/:id/:action',
    { config: { permission: 'users.manage' } },
    async (req, reply) => {
      const id = parseId(req.params.id);
      if (!id) return reply.callNotFound();
      try {
        if (req.params.action === 'disable' || req.params.action === 'enable') {
          await ctx.accounts.setDisabled(req.user!.id, id, req.params.action === 'disable');
        } else if (req.params.action === 'role') {
          await ctx.accounts.setRole(req.user!.id, id, str(req.body, 'role', 20) as Role);
        } else return reply.callNotFound();
      } catch (err) {
        if (err instanceof ValidationError) return usersPage(req, reply, { error: err.message }, 422);
        throw err;
      }
      return reply.redirect('/newsroom/users', 303);
    },
  );

  app.get('/newsroom/audit', { config: { permission: 'audit.read' } }, async (req, reply) => {
    const before = parseId(String((req.query as Form)?.before ?? ''));
    const rows = await listAudit(ctx.db, 100, before);
    const tz = ctx.site().timeZone;
    const last = rows[rows.length - 1];
    return sendPage(
      reply,
      page(
        req,
        'Audit log',
        <>
          <table class="table">
            <caption class="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateLine(r.at, tz)}</td>
                  <td>{r.user_name ?? actorLabel(r.details)}</td>
                  <td>{r.action}</td>
                  <td>{r.subject}</td>
                  <td>
                    <code>{r.details === '{}' ? '' : r.details}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 100 && last && (
            <p>
              <a href={`/newsroom/audit?before=${last.id}`}>Older entries</a>
            </p>
          )}
        </>,
      ),
    );
  });
}

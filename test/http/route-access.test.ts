import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { AccountService } from '../../src/accounts/accounts.service.ts';
import { systemActor } from '../../src/accounts/actor.ts';
import { type DeclaredRoute, registerAuth } from '../../src/accounts/auth.ts';
import { can } from '../../src/accounts/permissions.ts';
import { ROLES, type Role } from '../../src/core/db/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/**
 * Every route the router holds, tried anonymously and with each role, under several spellings of
 * its path. The list comes from the app itself (each route's declaration as registered), so a new
 * route is covered the day it is added. Public routes must be on the reviewed list below: making a
 * route public is a decision someone writes down here.
 */
const PUBLIC = new Set([
  '/healthz',
  '/readyz',
  '/favicon.svg',
  '/assets/editor.js',
  '/',
  '/articles/:id/:slug',
  '/articles/:id',
  '/sections/:slug',
  '/tags/:slug',
  '/authors/:slug',
  '/archive',
  '/archive/:y/:m/:d',
  '/archive/:y/:m',
  '/search',
  '/api/content/v1/search',
  '/robots.txt',
  '/sitemap.xml',
  '/sitemaps/:name',
  '/news-sitemap.xml',
  '/live',
  '/be-a-reporter',
  '/newsroom/login',
  '/media/:key/:file',
  '/api/openapi.json',
  '/api/docs',
  '/views/:id',
  '/metrics',
  // A preview link: an unpublished article for whoever holds its unguessable token (32 random
  // bytes, only the hash stored) until it expires or is revoked; otherwise a 404. Never cached or indexed.
  '/preview/:token',
]);
const isPublicUrl = (url: string) =>
  PUBLIC.has(url) ||
  /^\/assets\/(site|live|body-editor)\.[0-9a-f]+\.(css|js)$/.test(url) ||
  /^(\/(sections|tags)\/:slug)?\/feed\.(xml|atom|json)$/.test(url);

/** Parameters that match no real row, so a permitted request changes nothing. */
const PARAMS: Record<string, string> = {
  id: '999999',
  slug: 'no-such-slug',
  key: 'nokey',
  file: 'none.webp',
  op: 'nothing',
  action: 'nothing',
  name: 'pages.xml',
  y: '2024',
  m: '10',
  d: '18',
};

function fill(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? 'x');
}

/** The same route, spelled as attackers spell it: each must reach the same check, or no route. */
function variants(path: string, origin: string): { label: string; target: string }[] {
  const encoded = path.replace(/\/([a-z])/g, (_, c: string) => `/%${c.charCodeAt(0).toString(16)}`);
  const upper = path.replace(
    /\/([a-z])/g,
    (_, c: string) => `/%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return [
    { label: 'plain', target: path },
    { label: 'percent-encoded', target: encoded },
    { label: 'percent-encoded (upper hex)', target: upper },
    { label: 'absolute-form', target: `${origin}${path}` },
    { label: 'trailing slash', target: `${path}/` },
    { label: 'upper case', target: path.toUpperCase() },
  ];
}

interface Answer {
  status: number;
  location: string | undefined;
  code: string | undefined;
}

/** One raw request (node:http sends the request target exactly as given), reading the status and error code. */
function send(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = method === 'POST' || method === 'PUT' ? '{}' : undefined;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: target,
        headers: {
          accept: 'application/json',
          'user-agent': 'Mozilla/5.0 route-access-test',
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
          ...headers,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        // Event streams never end: the status and headers are all this test needs from them.
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          res.destroy();
          return resolve({ status, location, code: undefined });
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code?: string } }).error
              ?.code;
          } catch {
            code = undefined;
          }
          resolve({ status, location, code });
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${method} ${target}`)));
    req.on('error', reject);
    req.end(body);
  });
}

describe('a route without a declared permission', () => {
  it('stops the app at startup', async () => {
    const app = Fastify();
    // The hook under test never calls the account service when no request is made.
    registerAuth(app, {} as AccountService);
    assert.throws(() => app.get('/anything', async () => 'x'), /declares no permission/);
    assert.throws(
      () => app.get('/typo', { config: { permission: 'article.writ' as 'public' } }, async () => 'x'),
      /declares no permission/,
    );
    await app.close();
  });
});

for (const dialect of testDialects()) {
  describe(`every route's access on ${dialect}`, () => {
    let t: TestApp;
    let port: number;
    let origin: string;
    let routes: DeclaredRoute[];
    const tokens = new Map<Role, string>();

    before(async () => {
      t = await startTestApp(dialect, { env: { VIEW_COUNTING: 'beacon', METRICS_TOKEN: 'm'.repeat(24) } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
      origin = `http://127.0.0.1:${port}`;
      routes = [...t.app.declaredRoutes];
      for (const role of ROLES) {
        const u = await NewsroomClient.user(t.ctx, role);
        tokens.set(role, (await t.ctx.accounts.createApiToken(u.id, 'route test')).token);
      }
    });
    after(async () => {
      await t?.close();
    });

    it('declares public only the reviewed list', () => {
      assert.ok(routes.length > 60, `only ${routes.length} routes found`);
      const unexpected = routes.filter((r) => r.permission === 'public' && !isPublicUrl(r.url));
      assert.deepEqual(unexpected, [], 'routes declared public that are not on the reviewed list');
      const closed = routes.filter((r) => r.permission !== 'public' && isPublicUrl(r.url));
      assert.deepEqual(closed, [], 'routes on the public list that declare a permission');
    });

    it('refuses every protected route to anonymous requests, however the path is spelled', async () => {
      const failures: string[] = [];
      for (const r of routes.filter((x) => x.permission !== 'public')) {
        for (const v of variants(fill(r.url), origin)) {
          const a = await send(port, r.method, v.target);
          const toLogin = a.status === 303 && a.location?.startsWith('/newsroom/login');
          // 404: the spelling matched no route at all (the router is case-sensitive).
          const ok = a.status === 401 || toLogin || a.status === 404;
          if (!ok) failures.push(`${r.method} ${v.target} (${v.label}): ${a.status} ${a.code ?? ''}`);
          if (v.label !== 'upper case' && a.status === 404) {
            failures.push(`${r.method} ${v.target} (${v.label}): 404, expected the route's own check`);
          }
        }
      }
      assert.deepEqual(failures, []);
    });

    it('gives each role exactly what its permission allows, however the path is spelled', async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const auth = { authorization: `Bearer ${tokens.get(role)}` };
        for (const r of routes.filter((x) => x.permission !== 'public')) {
          const allowed = can(role, r.permission as Exclude<DeclaredRoute['permission'], 'public'>);
          for (const v of variants(fill(r.url), origin).filter((x) => x.label !== 'upper case')) {
            const a = await send(port, r.method, v.target, auth);
            // HEAD answers carry no body to read the code from.
            const denied = a.status === 403 && (a.code === 'permission_denied' || r.method === 'HEAD');
            if (allowed && (denied || a.status === 401 || a.status >= 500)) {
              failures.push(`${role} ${r.method} ${v.target} (${v.label}): ${a.status} ${a.code ?? ''}`);
            }
            if (!allowed && !denied) {
              failures.push(`${role} ${r.method} ${v.target} (${v.label}): ${a.status}, expected 403`);
            }
          }
        }
      }
      assert.deepEqual(failures, []);
    });

    it('serves public routes without a login', async () => {
      const failures: string[] = [];
      for (const r of routes.filter((x) => x.permission === 'public')) {
        const a = await send(port, r.method, fill(r.url));
        if (a.status === 401 && r.url !== '/metrics') failures.push(`${r.method} ${r.url}: 401`);
        // The login form's own CSRF check refuses a post without its token.
        const loginCsrf = r.url === '/newsroom/login' && a.status === 403;
        if ((a.status === 403 && !loginCsrf) || a.status >= 500)
          failures.push(`${r.method} ${r.url}: ${a.status}`);
      }
      assert.deepEqual(failures, []);
    });

    it('the published-without-login request of the report is refused and publishes nothing', async () => {
      const before = await t.db.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      for (const target of [
        '/api/%61dmin/v1/articles',
        `${origin}/api/admin/v1/articles`,
        '/api/admin/v1/articles/',
      ]) {
        const body = JSON.stringify({ headline: 'x', section: 'world', publish: true });
        const a = await new Promise<number>((resolve, reject) => {
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: target,
              headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end(body);
        });
        assert.equal(a, 401, target);
      }
      const afterCount = await t.db.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
    });

    it('services refuse to act without an actor; only code can name the system', async () => {
      await assert.rejects(
        // A caller that passes nothing (as a request without a user once did) is refused.
        t.ctx.articles.create({ headline: 'No one', section: 'world' }, null as never),
        /No actor given/,
      );
      // A JSON look-alike of the system actor is just an object without a user id.
      const fake = JSON.parse(JSON.stringify(systemActor('scheduler')));
      await assert.rejects(
        t.ctx.articles.create({ headline: 'Fake', section: 'world' }, fake),
        /No actor given/,
      );
    });
  });
}

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { systemActor } from '../../src/accounts/actor.ts';
import type { AppContext } from '../../src/context.ts';
import type { Role } from '../../src/core/db/schema.ts';

/** A browser-like client for the newsroom over app.inject: keeps the session cookie and CSRF token. */
export class NewsroomClient {
  cookie = '';
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  static async user(ctx: AppContext, role: Role, name = `${role} ${Math.random().toString(36).slice(2, 6)}`) {
    const email = `${name.replace(/\W+/g, '.').toLowerCase()}@dateline.test`;
    const password = 'correct horse battery';
    const r = await ctx.accounts.createUser({ email, name, role, password }, systemActor('test'));
    return { id: r.id, email, password, name };
  }

  async login(email: string, password: string): Promise<LightMyRequestResponse> {
    const form = await this.app.inject({ method: 'GET', url: '/newsroom/login' });
    const pre = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const preCookie = String(form.headers['set-cookie']).split(';')[0];
    const res = await this.app.inject({
      method: 'POST',
      url: '/newsroom/login',
      headers: { cookie: [preCookie, this.cookie].filter(Boolean).join('; ') },
      payload: { _csrf: pre, email, password },
    });
    const set = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('dateline_session='));
    if (set) {
      this.cookie = set.split(';')[0]!;
      await this.refreshCsrf();
    }
    return res;
  }

  async refreshCsrf(): Promise<void> {
    const page = await this.get('/newsroom/account');
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  }

  get(url: string) {
    return this.app.inject({ method: 'GET', url, headers: this.cookie ? { cookie: this.cookie } : {} });
  }

  /** A form post; the CSRF token is added unless the payload sets _csrf itself. */
  post(
    url: string,
    payload: Record<string, string | string[]>,
    opts: { csrf?: boolean; accept?: string } = {},
  ) {
    const body = new URLSearchParams();
    if (opts.csrf !== false && !('_csrf' in payload)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(payload)) for (const x of [v].flat()) body.append(k, x);
    return this.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: this.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        ...(opts.accept ? { accept: opts.accept } : {}),
      },
      payload: body.toString(),
    });
  }
}

export function articleForm(
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  return {
    headline: 'Parliament Passes Budget After Marathon Session',
    place: 'Sofia',
    lede: 'Lawmakers approved the budget after a debate that ran past midnight.',
    body: '<p>The vote was 121 to 98.</p><p>The opposition walked out before the final reading.</p>',
    section: 'politics',
    tags: 'Budget, Parliament',
    kind: 'staff',
    ...overrides,
  };
}

export function idFromLocation(res: LightMyRequestResponse): number {
  const m = /\/newsroom\/articles\/(\d+)/.exec(String(res.headers.location));
  if (!m)
    throw new Error(
      `no article id in ${res.statusCode} ${String(res.headers.location)} ${res.body.slice(0, 300)}`,
    );
  return Number(m[1]);
}

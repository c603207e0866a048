import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { SESSION_COOKIE } from '../../src/accounts/auth.ts';
import { listBySection, listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { freePort, startVarnish, varnishMissing } from '../support/varnish.ts';

const TEST_ACTOR = systemActor('test');

const READER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' };
const dialect = testDialects()[0]!;

describe(`Varnish in front, purged by surrogate key (${dialect})`, {
  skip: varnishMissing() ?? false,
}, () => {
  let t: TestApp;
  let varnish: Awaited<ReturnType<typeof startVarnish>>;
  before(async () => {
    const varnishPort = await freePort();
    t = await startTestApp(dialect, { env: { VARNISH_URL: `http://127.0.0.1:${varnishPort}` } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    varnish = await startVarnish(varnishPort, (t.app.server.address() as AddressInfo).port);
  });
  after(async () => {
    await varnish?.stop();
    await t?.close();
  });
  /** A page through Varnish: its body and whether Varnish answered from its store. */
  const viaVarnish = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(varnish.url + path, { headers: { ...READER, ...headers } });
    return { status: res.status, body: await res.text(), cache: res.headers.get('x-varnish-cache'), res };
  };
  const warm = async (path: string) => {
    await viaVarnish(path);
    const again = await viaVarnish(path);
    assert.equal(again.cache, 'HIT', `${path} is stored by Varnish`);
  };
  const publish = (headline: string) =>
    t.ctx.articles.create(
      {
        headline,
        lede: 'A lede.',
        body: '<p>A body.</p>',
        section: 'ukraine',
        tags: ['Ukraine'],
        authors: ['nadia-kostova'],
        status: 'published',
      },
      TEST_ACTOR,
    );

  it('a publish is on Varnish’s home and section pages at once; unrelated pages stay stored', async () => {
    const sports = t.ctx.sections.bySlugOrUndefined('sports')!;
    const [story] = await listBySection(t.db.db, { id: sports.id, isRoot: true }, 1);
    const sportsUrl = `/articles/${story!.id}/${story!.slug}`;
    for (const path of ['/', '/sections/ukraine', '/sections/world', sportsUrl]) await warm(path);
    await publish('Drone strikes hit the power grid overnight');
    // No waiting: the purge was done before the publish returned.
    for (const path of ['/', '/sections/ukraine', '/sections/world']) {
      const page = await viaVarnish(path);
      assert.equal(page.cache, 'MISS', path);
      assert.match(page.body, /Drone strikes hit the power grid overnight/, path);
    }
    assert.equal((await viaVarnish(sportsUrl)).cache, 'HIT', 'an unrelated article stays in Varnish');
  });

  it('a correction purges the article’s page and the pages listing it', async () => {
    const [a] = await listLatest(t.db.db, 1);
    const url = `/articles/${a!.id}/${a!.slug}`;
    await warm(url);
    await warm('/');
    const row = await t.db.db
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', a!.id)
      .executeTakeFirstOrThrow();
    await t.ctx.articles.update(
      a!.id,
      {
        headline: `${row.headline} (updated)`,
        lede: row.lede,
        body: row.body,
        section: 'ukraine',
        tags: ['Ukraine'],
        authors: ['nadia-kostova'],
      },
      {
        expectedVersion: row.version,
        actor: TEST_ACTOR,
        correction: 'The headline now says the story was updated.',
      },
    );
    for (const path of [url, '/']) {
      const page = await viaVarnish(path);
      assert.equal(page.cache, 'MISS', path);
      assert.match(page.body, /\(updated\)/, path);
    }
  });

  it('never stores a page for a signed-in request, nor a page Dateline does not mark as shared', async () => {
    const cookie = { cookie: `${SESSION_COOKIE}=not-a-real-session` };
    for (let i = 0; i < 2; i++) {
      const page = await viaVarnish('/', cookie);
      assert.equal(page.cache, 'MISS');
      assert.equal(page.res.headers.get('cache-control'), 'private, no-store');
    }
    assert.equal((await viaVarnish('/newsroom/login')).status, 200);
    assert.equal((await viaVarnish('/newsroom/login')).cache, 'MISS', 'a form page is never stored');
  });

  it('refuses a malformed purge', async () => {
    const res = await fetch(`${varnish.url}/`, {
      method: 'BAN',
      headers: { 'dateline-purge-keys': 'home .*' },
    });
    assert.equal(res.status, 400);
    await res.text();
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import { AUDIT_PAGE_SIZE } from '../../src/audit/audit.page.tsx';
import type { Role } from '../../src/core/db/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { NewsroomClient } from '../support/newsroom.ts';

const SYSTEM = systemActor('test');
/** October 18, 2024, 12:07 UTC: 15:07 in Sofia (the test site's zone, UTC+3 in summer time). */
const OCT_18_1207_UTC = Date.UTC(2024, 9, 18, 12, 7);

/** The rows of the log's table, as HTML, one a row. */
const rowsOf = (html: string) => {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return body.split('<tr>').slice(1);
};
/** The action shown in each row. */
const actionsOf = (html: string) => rowsOf(html).map((r) => /<code>([^<]*)<\/code>/.exec(r)?.[1]);
/** The `n` detail of each row (entries written by these tests number themselves). */
const numbersOf = (html: string) =>
  rowsOf(html).map((r) => Number(/<dt>n<\/dt><dd>(\d+)<\/dd>/.exec(r)?.[1]));
/** The address of the newer (prev) or older (next) page, when there is one. */
const linkOf = (html: string, rel: 'next' | 'prev') =>
  [...html.matchAll(/<a href="([^"]+)" rel="(next|prev)">/g)]
    .find((m) => m[2] === rel)?.[1]
    ?.replaceAll('&amp;', '&');

for (const dialect of testDialects()) {
  describe(`the audit log screen on ${dialect}`, () => {
    let t: TestApp;
    const clients = new Map<Role, NewsroomClient>();
    const people = new Map<Role, { id: number; name: string }>();
    const admin = () => clients.get('admin')!;

    before(async () => {
      t = await startTestApp(dialect);
      for (const role of ['admin', 'editor', 'reporter', 'contributor'] as const) {
        const u = await NewsroomClient.user(t.ctx, role, `Audit ${role} ${dialect}`);
        const c = new NewsroomClient(t.app);
        assert.equal((await c.login(u.email, u.password)).statusCode, 303);
        clients.set(role, c);
        people.set(role, u);
      }
    });
    after(async () => {
      await t?.close();
    });

    /** Entries written straight into the log, numbered by their `n` detail. */
    const insert = async (
      action: string,
      rows: { at: number; n: number; userId?: number; subject?: string }[],
    ) => {
      await t.db.db
        .insertInto('audit_log')
        .values(
          rows.map((r) => ({
            at: r.at,
            user_id: r.userId ?? null,
            action,
            subject: r.subject ?? null,
            details: JSON.stringify({ n: r.n }),
            ip: null,
          })),
        )
        .execute();
    };

    it('is for admins only', async () => {
      assert.equal((await admin().get('/newsroom/audit')).statusCode, 200);
      for (const role of ['editor', 'reporter', 'contributor'] as const) {
        assert.equal((await clients.get(role)!.get('/newsroom/audit')).statusCode, 403, role);
        assert.equal((await clients.get(role)!.get('/newsroom/audit?action=login')).statusCode, 403, role);
      }
      const anonymous = await t.app.inject('/newsroom/audit?user=1');
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/newsroom\/login/);
    });

    it('shows times in the site zone and actors by name, system actors by what they are', async () => {
      const id = await t.ctx.articles.create({ headline: 'Zone Test Story', section: 'politics' }, SYSTEM);
      const editor = people.get('editor')!;
      await t.db.db
        .insertInto('audit_log')
        .values([
          {
            at: OCT_18_1207_UTC,
            user_id: editor.id,
            action: 'article.publish',
            subject: `article:${id}`,
            details: '{}',
          },
          {
            at: OCT_18_1207_UTC + 60_000,
            user_id: null,
            action: 'article.schedule',
            subject: `article:${id}`,
            details: JSON.stringify({ at: OCT_18_1207_UTC + 3_600_000, by: 'scheduler' }),
          },
        ])
        .execute();
      const html = (await admin().get(`/newsroom/audit?subject=article:${id}`)).body;
      const [schedule, publish] = rowsOf(html);
      assert.match(
        publish!,
        /<time datetime="2024-10-18T12:07:00.000Z">October 18, 2024, Friday \/\/ 15:07<\/time>/,
      );
      assert.match(publish!, new RegExp(`<td>${editor.name}</td>`));
      assert.match(
        publish!,
        new RegExp(`Published <a href="/newsroom/articles/${id}">article #${id} «Zone Test Story»</a>\\.`),
      );
      assert.match(schedule!, /October 18, 2024, Friday \/\/ 15:08/);
      assert.match(schedule!, /<td>system \(scheduler\)<\/td>/);
      assert.match(schedule!, /for October 18, 2024, Friday \/\/ 16:07\./);
      assert.doesNotMatch(html, /\{&quot;/, 'no raw JSON');
    });

    it('puts the details of each action in words', async () => {
      const id = await t.ctx.articles.create(
        { headline: 'Words Test Story', section: 'politics', status: 'published' },
        SYSTEM,
      );
      await t.ctx.articles.transition(id, 'unpublish', {
        actor: SYSTEM,
        reason: 'Legal asked us to hold it',
      });
      const version = (
        await t.db.db.selectFrom('articles').select('version').where('id', '=', id).executeTakeFirstOrThrow()
      ).version;
      const content = { headline: 'Words Test Story, Again', section: 'politics' };
      await t.ctx.articles.update(id, content, {
        expectedVersion: version,
        actor: SYSTEM,
        overwrites: { version, fields: ['headline', 'body'], how: 'overwrite' },
      });
      await t.ctx.articles.update(id, content, {
        expectedVersion: version + 1,
        actor: SYSTEM,
        overwrites: { version: version + 1, fields: ['lede'], how: 'merge' },
      });
      await t.ctx.audit.record({
        userId: null,
        action: 'widget.frobnicate',
        subject: `article:${id}`,
        details: { colour: '<b>red</b>', sizes: [1, 2], by: 'cli' },
      });
      const html = (await admin().get(`/newsroom/audit?subject=article:${id}`)).body;
      const link = `<a href="/newsroom/articles/${id}">article #${id} «Words Test Story, Again»</a>`;
      assert.ok(html.includes(`Unpublished ${link}. Reason: “Legal asked us to hold it”.`), 'unpublish');
      assert.ok(
        html.includes(`Saved over version ${version} of ${link}, replacing its headline, body.`),
        'overwrite',
      );
      assert.ok(
        html.includes(`Kept version ${version + 1} of ${link} and re-applied their own lede.`),
        'merge',
      );
      assert.match(html, /<dt>colour<\/dt><dd>&lt;b>red&lt;\/b><\/dd>/);
      assert.match(html, /<dt>sizes<\/dt><dd>\[1,2\]<\/dd>/);
      assert.doesNotMatch(html, /<dt>by<\/dt>/, 'the system actor is who acted, not a detail');
      assert.match(html, /<td>system \(cli\)<\/td>/);

      // A failed login names the account tried and the address, and no one as its actor.
      const stranger = new NewsroomClient(t.app);
      await stranger.login('nobody-here@dateline.test', 'wrong password!');
      const failed = (await admin().get('/newsroom/audit?action=login.failed')).body;
      assert.match(failed, /Failed login as nobody-here@dateline\.test from 127\.0\.0\.1\./);
      assert.match(rowsOf(failed)[0]!, /<td>anonymous<\/td>/);

      // Pinning names the stories in order; a role change names the account.
      const editor = clients.get('editor')!;
      const story = await t.db.db
        .selectFrom('articles')
        .select('id')
        .where('status', '=', 'published')
        .orderBy('published_at')
        .executeTakeFirstOrThrow();
      assert.equal((await editor.post('/newsroom/home/pin', { article: String(story.id) })).statusCode, 303);
      const pinned = (await admin().get('/newsroom/audit?action=home.curate')).body;
      assert.match(rowsOf(pinned)[0]!, new RegExp(`<td>${people.get('editor')!.name}</td>`));
      assert.match(
        pinned,
        new RegExp(`Pinned on the home page, in order: <span><a href="/newsroom/articles/${story.id}">`),
      );
      const reporter = people.get('reporter')!;
      await t.ctx.accounts.setRole(people.get('admin')!.id, reporter.id, 'contributor');
      const roles = (await admin().get(`/newsroom/audit?subject=user:${reporter.id}`)).body;
      assert.ok(roles.includes(`Changed the role of ${reporter.name} from reporter to contributor.`));
      assert.ok(roles.includes(`Created the account of ${reporter.name}, role reporter.`));
    });

    it('filters by action, family of actions, user, subject and days in the site zone', async () => {
      const html = (await admin().get('/newsroom/audit')).body;
      // The choices are the actions present, and each family as a whole.
      assert.match(html, /<option value="login\.\*">login: all<\/option>/);
      assert.match(html, /<option value="login\.failed">login\.failed<\/option>/);
      assert.doesNotMatch(html, /value="tag\.merge"/);

      const failed = (await admin().get('/newsroom/audit?action=login.failed')).body;
      assert.ok(actionsOf(failed).length > 0);
      assert.ok(actionsOf(failed).every((a) => a === 'login.failed'));
      assert.match(failed, /<option value="login\.failed" selected>/);
      const family = actionsOf((await admin().get('/newsroom/audit?action=login.*')).body);
      assert.ok(family.includes('login') && family.includes('login.failed'), family.join());
      assert.ok(family.every((a) => a === 'login' || a!.startsWith('login.')));
      assert.match((await admin().get('/newsroom/audit?action=no.such.*')).body, /No entries match\./);

      const editor = people.get('editor')!;
      const mine = (await admin().get(`/newsroom/audit?user=${editor.id}`)).body;
      const expected = await t.db.db
        .selectFrom('audit_log')
        .select('action')
        .where('user_id', '=', editor.id)
        .execute();
      assert.equal(rowsOf(mine).length, expected.length);
      assert.ok(rowsOf(mine).every((r) => r.includes(`<td>${editor.name}</td>`)));

      const subject = (await admin().get(`/newsroom/audit?subject=user:${editor.id}`)).body;
      assert.ok(rowsOf(subject).length > 0);
      assert.ok(rowsOf(subject).every((r) => r.includes(`user:${editor.id}`)));

      // Three entries around October 18 in Sofia: 00:30 and 23:30 that day, 00:30 the next.
      const sofia = (day: number, h: number, m: number) => Date.UTC(2024, 9, day, h - 3, m);
      await insert('test.zone', [
        { at: sofia(18, 0, 30), n: 1 },
        { at: sofia(18, 23, 30), n: 2 },
        { at: sofia(19, 0, 30), n: 3 },
      ]);
      const day = (await admin().get('/newsroom/audit?action=test.zone&from=2024-10-18&to=2024-10-18')).body;
      assert.deepEqual(numbersOf(day), [2, 1]);
      const later = (await admin().get('/newsroom/audit?action=test.zone&from=2024-10-19')).body;
      assert.deepEqual(numbersOf(later), [3]);
      const earlier = (await admin().get('/newsroom/audit?action=test.zone&to=2024-10-17')).body;
      assert.deepEqual(numbersOf(earlier), []);
    });

    it('pages by id both ways with no entry twice or missed, while entries are written', async () => {
      const base = Date.UTC(2024, 0, 1);
      const total = AUDIT_PAGE_SIZE * 2 + 50;
      await insert(
        'test.page',
        Array.from({ length: total }, (_, i) => ({ at: base + i * 1000, n: i + 1 })),
      );
      const first = (await admin().get('/newsroom/audit?action=test.page')).body;
      assert.equal(linkOf(first, 'prev'), undefined, 'nothing newer than the first page');
      const seen = numbersOf(first);
      assert.equal(seen.length, AUDIT_PAGE_SIZE);
      // Written while the log is read: it must not shift the pages being read.
      await insert(
        'test.page',
        [1, 2, 3].map((i) => ({ at: base + (total + i) * 1000, n: total + i })),
      );
      let next = linkOf(first, 'next');
      let last = first;
      while (next) {
        assert.match(next, /action=test\.page/, 'the filter is kept');
        last = (await admin().get(next)).body;
        seen.push(...numbersOf(last));
        next = linkOf(last, 'next');
      }
      assert.deepEqual(
        seen,
        Array.from({ length: total }, (_, i) => total - i),
      );

      // Back up from the oldest page to the newest: every entry once, the new ones included.
      const back: number[] = [];
      let prev = linkOf(last, 'prev');
      while (prev) {
        const page = (await admin().get(prev)).body;
        back.unshift(...numbersOf(page));
        prev = linkOf(page, 'prev');
      }
      const oldest = numbersOf(last);
      assert.deepEqual(
        [...back, ...oldest],
        Array.from({ length: total + 3 }, (_, i) => total + 3 - i),
      );
    });

    it('answers a query string it cannot read with 400 naming the field, never 500', async () => {
      const bad: [string, string][] = [
        ['action=DROP%20TABLE', 'action'],
        ['action=login&action=logout', 'action'],
        ['user=abc', 'user'],
        ['user=99999999999', 'user'],
        ['user=0', 'user'],
        ['subject=article%3A12%3Bx', 'subject'],
        ['subject=article%3A1%00', 'subject'],
        [`subject=${'a'.repeat(500)}`, 'subject'],
        ['from=2024-13-01', 'from'],
        ['from=yesterday', 'from'],
        ['to=2024-02-30', 'to'],
        ['from=2024-10-19&to=2024-10-18', 'to'],
        ['before=0', 'before'],
        ['before=-1', 'before'],
        ['before=1e3', 'before'],
        ['before=99999999999', 'before'],
        ['after=abc', 'after'],
        ['before=5&after=3', 'after'],
      ];
      for (const [qs, field] of bad) {
        const res = await admin().get(`/newsroom/audit?${qs}`);
        assert.equal(res.statusCode, 400, qs);
        assert.match(res.body, new RegExp(`The log cannot be shown: [^<]*&quot;${field}&quot;`), qs);
        // The filter's own fields are marked; a page link has no field of its own.
        if (!['before', 'after'].includes(field)) {
          assert.match(res.body, new RegExp(`id="${field}"[^>]*aria-invalid="true"`), qs);
        }
        assert.doesNotMatch(res.body, /<tbody>/, qs);
      }
      // Empty fields (the form sends every one) and parameters the log does not know are no filter.
      for (const qs of [
        'action=&user=&subject=&from=&to=',
        'colour=red',
        'action=no.such',
        'user=2147483647',
      ]) {
        assert.equal((await admin().get(`/newsroom/audit?${qs}`)).statusCode, 200, qs);
      }
    });
  });
}

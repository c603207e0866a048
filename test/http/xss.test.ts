import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { systemActor } from '../../src/accounts/actor.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const TEST_ACTOR = systemActor('test');

const SCRIPT = '<script>alert(1)</script>';
const ATTR = '" onmouseover="alert(1)';

/** Parsed as a browser would: no script element, no event-handler attribute, no javascript: URL. */
function assertInert(html: string) {
  const { document } = parseHTML(html);
  // Our own scripts are same-origin files under /assets/; nothing else may appear.
  const foreign = [...document.querySelectorAll('script')].filter(
    (el) => !/^\/assets\/[\w.-]+\.js$/.test(el.getAttribute('src') ?? ''),
  );
  assert.equal(foreign.length, 0, 'a <script> element was rendered');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      assert.ok(!/^on/i.test(attr.name), `<${el.tagName.toLowerCase()} ${attr.name}> was rendered`);
      if (['href', 'src', 'action', 'formaction'].includes(attr.name)) {
        assert.doesNotMatch(attr.value, /^\s*javascript:/i, `${attr.name}=${attr.value}`);
      }
    }
  }
}

describe('hostile input renders inert', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite');
  });
  after(async () => {
    await t?.close();
  });

  it('through the service: headline, place, lede, tag name and body', async () => {
    const id = await t.ctx.articles.create(
      {
        headline: `Headline ${SCRIPT} ${ATTR}`,
        place: `Sofia ${ATTR}`,
        lede: `Lede ${SCRIPT} ${ATTR}`,
        body: `<p onclick="x()">Body ${SCRIPT}</p><p><a href="javascript:alert(1)">link</a><img src=x onerror="alert(1)"></p>${ATTR}`,
        section: 'ukraine',
        tags: [`Tag ${SCRIPT}`, `Other ${ATTR}`],
        status: 'published',
      },
      TEST_ACTOR,
    );
    const a = await t.db.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.doesNotMatch(a.body, /onclick|onerror|javascript:|<script>/);
    for (const url of [`/articles/${id}/${a.slug}`, '/', '/sections/ukraine', '/sections/world']) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assertInert(res.body);
    }
    const tag = await t.db.db
      .selectFrom('tags')
      .select('slug')
      .where('name', 'like', 'Other%')
      .executeTakeFirstOrThrow();
    const tagPage = await t.app.inject(`/tags/${tag.slug}`);
    assertInert(tagPage.body);
    assert.match(tagPage.body, /Other &quot; onmouseover=&quot;alert\(1\)/);
  });

  it('straight from the database: templates escape what was never sanitised', async () => {
    const section = t.ctx.sections.bySlugOrUndefined('europe')!;
    const now = Date.now();
    const row = await t.db.db
      .insertInto('articles')
      .values({
        slug: 'raw',
        headline: `Raw ${SCRIPT}${ATTR}`,
        place: `<b>${ATTR}</b>`,
        lede: `${SCRIPT}`,
        body: '<p>ok</p>',
        section_id: section.id,
        root_section_id: section.parent!.id,
        kind: 'staff',
        status: 'published',
        breaking: 1,
        published_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tag = await t.db.db
      .insertInto('tags')
      .values({ slug: 'raw-tag', name: `${SCRIPT}${ATTR}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.db
      .insertInto('article_tags')
      .values({ article_id: row.id, tag_id: tag.id, position: 0, published_at: now })
      .execute();
    // Rows written directly, not through the services: no event purges the cached pages.
    t.ctx.pageCache.clear();
    for (const url of [`/articles/${row.id}/raw`, '/', '/tags/raw-tag', '/sections/europe']) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assertInert(res.body);
      assert.match(res.body, /&lt;script(&gt;|>)alert\(1\)&lt;\/script/, url);
    }
  });

  it('query strings are never reflected unescaped', async () => {
    const res = await t.app.inject(`/be-a-reporter?section=${encodeURIComponent(SCRIPT)}`);
    assert.equal(res.statusCode, 200);
    assertInert(res.body);
  });
});

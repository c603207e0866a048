import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import type { SessionUser } from '../../src/accounts/accounts.service.ts';
import { insertAuthor } from '../../src/authors/authors.repository.ts';
import { escapeHtml } from '../../src/core/sanitize.ts';
import { SectionAdmin } from '../../src/sections/sections.admin.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { type Parsed, parseFeed, xmlErrors } from '../support/feed-tools.ts';
import { NewsroomClient } from '../support/newsroom.ts';

/** Text that must reach a feed reader as the same text, never as markup. */
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '&lt;b&gt;bold&lt;/b&gt;',
  ']]>',
  `"quotes" & 'apos'`,
  '</title><script>alert(1)</script>',
  'Press 🗞️ 𝔘 😀',
  '&',
  // The library's XML writer turns "&amp;" in element text back into "&".
  'AT&amp;T ]]> twice ]]>',
];
// The site's name is in every feed title: hostile too.
const SITE = 'Dateline <i>Wire</i> & "Co" &amp;';

/**
 * What a reader shows for a field feedparser gives with this type: HTML is rendered (and must hold
 * no element at all), anything else is shown as it is.
 */
function shown(value: string, type: string, what: string): string {
  if (!/html/.test(type)) return value;
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  document.body.innerHTML = value;
  assert.equal(document.body.querySelectorAll('*').length, 0, `${what} is markup: ${value}`);
  return document.body.textContent ?? '';
}

interface Expected {
  title: string;
  description: string;
  entry: { title: string; summary: string; author: string; tag: string };
}

for (const dialect of testDialects()) {
  describe(`hostile plain text in feeds on ${dialect}`, () => {
    let t: TestApp;
    let editor: SessionUser;
    before(async () => {
      t = await startTestApp(dialect, { env: { SITE_NAME: SITE } });
      const u = await NewsroomClient.user(t.ctx, 'editor');
      editor = await t.ctx.accounts.authenticate(u.email, u.password, null);
    });
    after(async () => {
      await t?.close();
    });
    const get = (url: string) => t.app.inject({ url, headers: { 'user-agent': 'Mozilla/5.0 Chrome/131' } });

    async function checkXml(url: string, version: string, want: Expected) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(await xmlErrors(res.body), null, url);
      assert.doesNotMatch(res.body, /<(img|script)\b/i, url);
      const feed: Parsed = await parseFeed(res.body);
      assert.equal(feed.bozo, false, `${url}: ${feed.bozoException}`);
      assert.equal(feed.version, version, url);
      assert.equal(shown(feed.title, feed.titleType, `${url} title`), want.title, `${url} title`);
      assert.equal(
        shown(feed.subtitle, feed.subtitleType, `${url} description`),
        want.description,
        `${url} description`,
      );
      assert.equal(feed.entries.length, 1, url);
      const e = feed.entries[0]!;
      assert.equal(shown(e.title, e.titleType, `${url} entry title`), want.entry.title, `${url} entry title`);
      assert.equal(shown(e.summary, e.summaryType, `${url} summary`), want.entry.summary, `${url} summary`);
      assert.deepEqual(e.authors, [want.entry.author], `${url} author`);
      assert.deepEqual(e.tags, [want.entry.tag], `${url} tag`);
    }

    async function checkJson(url: string, want: Expected) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      const json = JSON.parse(res.body);
      assert.equal(json.title, want.title, url);
      assert.equal(json.description, want.description, url);
      assert.equal(json.items.length, 1, url);
      const item = json.items[0];
      assert.equal(item.title, want.entry.title, url);
      assert.equal(item.summary, want.entry.summary, url);
      assert.equal(item.author.name, want.entry.author, url);
      assert.deepEqual(item.tags, [want.entry.tag], url);
      assert.equal(item.content_html, '<p>Body.</p>', url);
    }

    it('carries headline, place, lede, tag, author and section names as text in RSS, Atom and JSON Feed', async () => {
      const sections = new SectionAdmin(t.db.db, t.ctx.sections, t.ctx.audit, t.ctx.events);
      for (const [i, h] of HOSTILE.entries()) {
        const slug = `hostile-${i}`;
        const tagName = `Tag ${i} ${h}`;
        await insertAuthor(t.db.db, { slug, name: h, bio: '' });
        // Names and ledes are stored as plain text with characters decoded: sent escaped, kept as `h`.
        await sections.create({ name: escapeHtml(h), slug, parentSlug: 'world' }, editor.id);
        const id = await t.ctx.articles.create(
          {
            headline: escapeHtml(h),
            place: escapeHtml(h),
            lede: escapeHtml(h),
            body: '<p>Body.</p>',
            section: slug,
            tags: [escapeHtml(tagName)],
            authors: [slug],
            status: 'published',
          },
          editor,
        );
        const stored = await t.db.db
          .selectFrom('articles')
          .select(['headline', 'place', 'lede'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.deepEqual(stored, { headline: h, place: h, lede: h }, 'stored as the plain text');
        assert.equal(t.ctx.sections.bySlugOrUndefined(slug)?.name, h);
        const tag = await t.db.db
          .selectFrom('tags')
          .select('slug')
          .where('name', '=', tagName)
          .executeTakeFirstOrThrow();

        const entry = { title: `${h}: ${h}`, summary: h, author: h, tag: tagName };
        const bySection: Expected = {
          title: `${SITE}: World » ${h}`,
          description: `The latest ${h} news from ${SITE}`,
          entry,
        };
        const byTag: Expected = {
          title: `${SITE}: ${tagName}`,
          description: `The latest news about ${tagName} from ${SITE}`,
          entry,
        };
        for (const [base, want] of [
          [`/sections/${slug}`, bySection],
          [`/tags/${tag.slug}`, byTag],
        ] as const) {
          await checkXml(`${base}/feed.xml`, 'rss20', want);
          await checkXml(`${base}/feed.atom`, 'atom10', want);
          await checkJson(`${base}/feed.json`, want);
        }
      }
    });

    it('leaves out characters XML cannot carry instead of breaking the feed', async () => {
      const id = await t.ctx.articles.create(
        {
          headline: 'Bell rings',
          lede: 'A lede.',
          body: '<p>Body.</p>',
          section: 'economy',
          authors: [],
          status: 'published',
        },
        editor,
      );
      // Text is cleaned of control characters when written now; rows written before may hold them.
      await t.db.db
        .updateTable('articles')
        .set({ headline: 'Bell\u0007 rings', lede: 'A\u0008 lede\u001b.', body: '<p>Body\u0001.</p>' })
        .where('id', '=', id)
        .execute();
      t.ctx.pageCache.clear();
      for (const url of ['/feed.xml', '/feed.atom']) {
        const res = await get(url);
        assert.equal(await xmlErrors(res.body), null, url);
        const feed = await parseFeed(res.body);
        assert.equal(feed.bozo, false, `${url}: ${feed.bozoException}`);
        const e = feed.entries[0]!;
        assert.equal(shown(e.title, e.titleType, url), 'Bell rings', url);
        assert.equal(shown(e.summary, e.summaryType, url), 'A lede.', url);
      }
      assert.equal((await get('/feed.json')).json().items[0].title, 'Bell\u0007 rings');
    });
  });
}

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../src/accounts/actor.ts';
import { listBySection } from '../../src/articles/articles.repository.ts';
import { axeViolations, launchBrowser, vnuErrors } from '../support/browser.ts';
import { startServer } from '../support/server.ts';

const TEST_ACTOR = systemActor('test');

/** A reader's path through the site in real Chromium: home -> article -> tag -> section. */
describe('reading the site in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  const saved: string[] = [];
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-pages-'));
  const shots = process.env.DATELINE_SCREENSHOTS;

  before(async () => {
    server = await startServer();
    chrome = await launchBrowser();
    browser = chrome.browser;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  for (const viewport of [
    { name: 'desktop', width: 1280, height: 900 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    it(`home -> article -> tag -> section -> search on a ${viewport.name}, with no axe violations`, async () => {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      // Nothing may leave the machine: every request must go to the test server.
      const outside: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(server.url) || url.startsWith('data:')) return route.continue();
        outside.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      const visit = async (name: string) => {
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 2)}`);
        if (viewport.name === 'desktop') {
          const file = path.join(outDir, `${name}.html`);
          const res = await page.request.get(page.url());
          fs.writeFileSync(file, await res.body());
          saved.push(file);
        }
        if (shots) {
          fs.mkdirSync(shots, { recursive: true });
          await page.screenshot({ path: path.join(shots, `${name}-${viewport.name}.png`), fullPage: true });
        }
      };

      const home = await page.goto(`${server.url}/`);
      assert.equal(home?.status(), 200);
      await visit('home');

      await page.locator('.lead-story .item-title a').first().click();
      await page.waitForURL(/\/articles\/\d+\//);
      assert.match(
        (await page.locator('time.dateline').first().textContent()) ?? '',
        /, \d{4}, \w+ \/\/ \d{2}:\d{2}$/,
      );
      assert.equal(
        await page.getByText('Be a reporter: Write and send your article', { exact: true }).count(),
        1,
      );
      assert.ok((await page.locator('.related .item').count()) > 0, 'related articles are listed');
      await visit('article');

      const tagLink = page.locator('ul.tags a').first();
      const tagName = (await tagLink.textContent())?.trim();
      await tagLink.click();
      await page.waitForURL(/\/tags\//);
      assert.equal((await page.locator('h1').textContent())?.trim(), tagName);
      await visit('tag');

      await page.locator('.listing .meta .section-path a').first().click();
      await page.waitForURL(/\/sections\//);
      assert.ok((await page.locator('.listing .item').count()) > 0);
      await visit('section');

      // Search from the masthead box: results with the words marked.
      await page.locator('#site-search-q').fill('"north korea"');
      await page.locator('#site-search-q').press('Enter');
      await page.waitForURL(/\/search\?q=/);
      assert.ok((await page.locator('.search-results .item').count()) > 0, 'search finds the demo story');
      assert.ok((await page.locator('.search-results mark').count()) > 0, 'matches are marked');
      await visit('search');

      // Layout: nothing wider than the viewport on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${viewport.name} viewport`);
      assert.deepEqual(outside, []);
      await context.close();
    });
  }

  it('a story published while the home page is open shows in a new-stories bar and a breaking banner', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    // The stream is open once the script has run; give it a moment to connect.
    await page.waitForFunction(() => document.querySelector('.live-bar') !== null);
    await page.waitForTimeout(300);
    await server.ctx.articles.create(
      {
        headline: 'Live: Earthquake Shakes Coastal Towns',
        lede: 'A strong earthquake shook towns along the coast.',
        body: '<p>No damage was reported.</p>',
        section: 'society',
        tags: ['Bulgaria'],
        authors: ['nadia-kostova'],
        status: 'published',
        breaking: true,
      },
      TEST_ACTOR,
    );
    await page.locator('.live-bar a').waitFor();
    assert.match((await page.locator('.live-bar').textContent()) ?? '', /1 new story/);
    assert.match(
      (await page.locator('.live-breaking').textContent()) ?? '',
      /Breaking: Live: Earthquake Shakes Coastal Towns/,
    );
    assert.deepEqual(await axeViolations(page), []);
    await page.locator('.live-bar a').click();
    await page.waitForLoadState();
    assert.ok(
      (await page.getByText('Live: Earthquake Shakes Coastal Towns').count()) > 0,
      'the new story is on the reloaded page',
    );
    await context.close();
  });

  it('on an article page, a new story in its section shows in the bar, linked to the story', async () => {
    const [story] = await listBySection(
      server.db.db,
      { id: server.ctx.sections.bySlugOrUndefined('ukraine')!.id, isRoot: false },
      1,
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/articles/${story!.id}/${story!.slug}`);
    await page.waitForFunction(() => document.querySelector('.live-bar') !== null);
    await page.waitForTimeout(300);
    // Elsewhere: no bar here.
    await server.ctx.articles.create(
      {
        headline: 'Live: Parliament Debates the Budget',
        lede: 'A lede.',
        body: '<p>A body.</p>',
        section: 'politics',
        tags: ['Bulgaria'],
        authors: ['nadia-kostova'],
        status: 'published',
      },
      TEST_ACTOR,
    );
    const id = await server.ctx.articles.create(
      {
        headline: 'Live: Talks Resume in Istanbul',
        lede: 'A lede.',
        body: '<p>A body.</p>',
        place: 'Istanbul',
        section: 'ukraine',
        tags: ['Ukraine'],
        authors: ['nadia-kostova'],
        status: 'published',
      },
      TEST_ACTOR,
    );
    await page.locator('.live-bar a').waitFor();
    assert.equal(
      await page.locator('.live-bar').textContent(),
      'New in Ukraine: Istanbul: Live: Talks Resume in Istanbul',
    );
    assert.match(
      String(await page.locator('.live-bar a').getAttribute('href')),
      new RegExp(`^/articles/${id}/`),
    );
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  it('the Nu HTML checker finds no errors on those pages', async () => {
    assert.equal(saved.length, 5);
    const errors = await vnuErrors(saved);
    assert.deepEqual(
      errors.map((e) => `${path.basename(e.url)}:${e.lastLine}: ${e.message}`),
      [],
    );
  });
});

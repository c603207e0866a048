import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { findArticleById, listLatest } from '../../src/articles/articles.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';

/** In beacon mode the article page's script reports the view; Chromium shows it really does. */
describe('the view beacon in Chromium', () => {
  let t: TestApp;
  let base: string;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  before(async () => {
    t = await startTestApp('sqlite', { env: { VIEW_COUNTING: 'beacon' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    chrome = await launchBrowser();
  });
  after(async () => {
    await chrome?.close();
    await t?.close();
  });

  it('an opened article counts one view', async () => {
    const [a] = await listLatest(t.db.db, 1);
    const before = (await findArticleById(t.db.db, a!.id))!.view_count;
    // Headless Chromium names itself in its user agent, which is not counted (it is a bot's).
    const context = await chrome.browser.newContext({
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    });
    const page = await context.newPage();
    const beacon = page.waitForRequest((r) => r.url() === `${base}/views/${a!.id}` && r.method() === 'POST');
    await page.goto(`${base}/articles/${a!.id}/${a!.slug}`);
    await beacon;
    await context.close();
    // The beacon is answered before the count is written; the flush writes it.
    await new Promise((r) => setTimeout(r, 100));
    await t.ctx.views.flush();
    assert.equal((await findArticleById(t.db.db, a!.id))!.view_count, before + 1);
  });
});

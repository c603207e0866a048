import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/accounts/actor.ts';
import { axeViolations, launchBrowser, loginInBrowser, vnuErrors } from '../support/browser.ts';
import { NewsroomClient } from '../support/newsroom.ts';
import { startServer } from '../support/server.ts';

const TEST_ACTOR = systemActor('test');

/**
 * Restore, unpublish and preview in real Chromium: each confirmation and preview screen works
 * without a script, passes axe and the Nu checker, and a logged-out reader opens a preview link.
 */
describe('restore, unpublish and preview screens in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  let editor: { email: string; password: string };
  let id: number;
  const files: string[] = [];
  const headline = 'Ring Road Works Close Two Lanes Until Spring';

  before(async () => {
    server = await startServer();
    chrome = await launchBrowser();
    browser = chrome.browser;
    editor = await NewsroomClient.user(server.ctx, 'editor', 'Elena Editor');
    const content = { headline, section: 'politics', body: '<p>Works begin on Monday.</p>' };
    id = await server.ctx.articles.create({ ...content, status: 'published' }, TEST_ACTOR);
    await server.ctx.articles.update(
      id,
      { ...content, headline: `${headline}, City Says` },
      { expectedVersion: 1, actor: TEST_ACTOR },
    );
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    for (const f of files) fs.rmSync(f, { force: true });
  });

  /** Checks the page with axe and keeps its HTML for the Nu checker (run once, at the end). */
  const check = async (page: Page, name: string) => {
    const v = await axeViolations(page);
    assert.deepEqual(v, [], `${name}: ${JSON.stringify(v, null, 2)}`);
    const file = path.join(os.tmpdir(), `dateline-da-${process.pid}-${files.length}.html`);
    fs.writeFileSync(file, await page.content());
    files.push(file);
  };

  const loginAs = (user: { email: string; password: string }) => loginInBrowser(browser, server.url, user);

  it('restores an older version after showing what will change', async () => {
    const page = await loginAs(editor);
    await page.goto(`${server.url}/newsroom/articles/${id}/revisions`);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('link', { name: 'Restore the older version…' }).click();
    await page.waitForURL(/\/restore\?revision=\d+/);
    assert.equal(await page.locator('.diff del').first().textContent(), ', City Says');
    await check(page, 'restore confirmation');
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.waitForURL(/done=restored/);
    const row = await server.ctx.articleDesk.visibleTo({ id: 0, role: 'admin' }, id);
    assert.equal(row?.headline, headline);
    await page.context().close();
  });

  it('makes a preview link a logged-out reader can open, and shows the staff preview', async () => {
    const page = await loginAs(editor);
    await page.goto(`${server.url}/newsroom/articles/${id}/preview-links`);
    await check(page, 'preview links');
    await page.getByLabel('A preview link works for').selectOption('24');
    await page.getByRole('button', { name: 'Create preview link' }).click();
    const link = await page.getByRole('textbox', { name: 'Link to send' }).inputValue();
    await check(page, 'preview link created');
    await page.getByRole('link', { name: 'Preview', exact: true }).click();
    assert.match((await page.locator('.preview-banner').textContent()) ?? '', /Preview/);
    await check(page, 'staff preview');

    const token = /\/preview\/([\w-]{43})$/.exec(link)?.[1];
    assert.ok(token, link);
    const reader = await (await browser.newContext()).newPage();
    const res = await reader.goto(`${server.url}/preview/${token}`);
    assert.equal(res?.status(), 200);
    assert.match((await reader.locator('h1').textContent()) ?? '', /Ring Road Works/);
    await check(reader, 'preview link page');
    await reader.context().close();
    await page.context().close();
  });

  it('unpublishes only with a reason', async () => {
    const page = await loginAs(editor);
    await page.goto(`${server.url}/newsroom/articles/${id}/unpublish`);
    await check(page, 'unpublish confirmation');
    // The reason is required: the browser does not send the form without one.
    await page.getByRole('button', { name: 'Unpublish' }).click();
    assert.match(page.url(), /\/unpublish$/);
    await page.getByLabel('Reason').fill('Ran before the council confirmed the dates.');
    await page.getByRole('button', { name: 'Unpublish' }).click();
    await page.waitForURL(/done=unpublish/);
    const [entry] = (await server.ctx.audit.list(20)).filter((e) => e.action === 'article.unpublish');
    assert.equal(JSON.parse(entry!.details).reason, 'Ran before the council confirmed the dates.');
    await page.context().close();
  });

  it('every screen is valid HTML', async () => {
    const errors = await vnuErrors(files);
    assert.deepEqual(
      errors.map((e) => `${e.url}:${e.lastLine}: ${e.message}`),
      [],
    );
  });
});

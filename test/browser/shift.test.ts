import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, loginInBrowser, vnuErrors } from '../support/browser.ts';
import { NewsroomClient } from '../support/newsroom.ts';
import { startServer } from '../support/server.ts';

type Account = { email: string; password: string };

/**
 * A shift in the newsroom, in Chromium, with two reporters and an editor each in their own browser:
 * autosave then every workflow button, a button pressed with text not yet saved, two people saving
 * one article settled each of the three ways, the unsaved-changes prompts, a preview link opened
 * by a reader without a login, and an unpublish with its reason.
 */
describe('a newsroom shift in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  let vera: Account;
  let boris: Account;
  let emil: Account;
  const pages: string[] = [];

  before(async () => {
    server = await startServer();
    chrome = await launchBrowser();
    browser = chrome.browser;
    vera = await NewsroomClient.user(server.ctx, 'reporter', 'Vera Reporter');
    boris = await NewsroomClient.user(server.ctx, 'reporter', 'Boris Reporter');
    emil = await NewsroomClient.user(server.ctx, 'editor', 'Emil Editor');
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    for (const f of pages) fs.rmSync(f, { force: true });
  });

  const loginAs = (user: { email: string; password: string }) => loginInBrowser(browser, server.url, user);

  /** axe now, and the page's HTML kept for one Nu checker run at the end. */
  const check = async (page: Page, name: string) => {
    const v = await axeViolations(page);
    assert.deepEqual(v, [], `${name}: ${JSON.stringify(v, null, 2)}`);
    const file = path.join(os.tmpdir(), `dateline-shift-${process.pid}-${pages.length}.html`);
    fs.writeFileSync(file, await page.content());
    pages.push(file);
  };

  const stored = (id: number) =>
    server.db.db
      .selectFrom('articles')
      .select(['headline', 'lede', 'body', 'status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const idOf = (page: Page) => Number(/\/newsroom\/articles\/(\d+)/.exec(page.url())?.[1]);
  const body = (page: Page) => page.getByRole('textbox', { name: 'Body' });

  /** A new article written in the browser until its first autosave has created it. */
  async function writeNew(page: Page, headline: string): Promise<number> {
    await page.getByRole('link', { name: 'New article', exact: true }).click();
    await page.getByLabel('Headline').fill(headline);
    await body(page).click();
    await page.keyboard.type('The first paragraph, as written.');
    await page.getByText('Draft created and saved at').waitFor();
    await page.waitForURL(/\/newsroom\/articles\/\d+$/);
    return idOf(page);
  }

  let submitted = 0;

  it('after autosaves, Submit for review sends the text typed since, in one step', async () => {
    const page = await loginAs(vera);
    const id = await writeNew(page, 'Night Trains To Return To The Coast');
    await page.getByLabel('Lede').fill('Overnight trains to Varna and Burgas return in June.');
    await page.getByText('Draft saved at').waitFor();
    const afterAutosave = await stored(id);
    assert.equal(afterAutosave.lede, 'Overnight trains to Varna and Burgas return in June.');
    // Typed and pressed at once: no autosave in between, the button sends it.
    await body(page).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Typed just before pressing the button.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=submit/);
    const row = await stored(id);
    assert.equal(row.status, 'in_review');
    assert.match(row.body, /Typed just before pressing the button\./);
    assert.equal(row.version, afterAutosave.version + 1, 'one version for the save and the move');
    submitted = id;
    await page.context().close();
  });

  it('the editor returns, schedules and publishes with unsaved edits, and the typed text goes live', async () => {
    const page = await loginAs(emil);
    await page.goto(`${server.url}/newsroom/articles/${submitted}`);
    await page.getByLabel('Lede').fill('Returned with a note.');
    await page.getByRole('button', { name: 'Return to draft' }).click();
    await page.waitForURL(/done=return/);
    assert.equal((await stored(submitted)).lede, 'Returned with a note.');
    await page.getByLabel('Lede').fill('Scheduled lede.');
    await page.locator('#schedule-at').fill('2031-03-30T10:07');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/done=schedule/);
    assert.deepEqual(
      [(await stored(submitted)).status, (await stored(submitted)).lede],
      ['scheduled', 'Scheduled lede.'],
    );
    await page.getByLabel('Headline').fill('Night Trains Return To The Coast In June');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/done=publish/);
    await page.getByRole('link', { name: 'View on site' }).click();
    await page.waitForURL(/\/articles\/\d+\//);
    assert.match((await page.locator('h1').textContent()) ?? '', /Night Trains Return To The Coast In June/);
    await page.context().close();
  });

  it('two people save one draft: merged field by field, then overwritten, then theirs taken', async () => {
    const owner = await loginAs(boris);
    const id = await writeNew(owner, 'Port Strike Enters Second Day');
    const desk = await loginAs(emil);
    await desk.goto(`${server.url}/newsroom/articles/${id}`);
    const ownerSaves = async (headline: string) => {
      await owner.reload();
      await owner.getByLabel('Headline').fill(headline);
      await owner.getByRole('button', { name: 'Save', exact: true }).click();
      await owner.waitForURL(/done=saved/);
    };

    // 1. Merge: the editor keeps the reporter's headline and takes their own lede.
    await ownerSaves('Port Strike Enters Its Second Day');
    await desk.getByLabel('Headline').fill('Dockers Strike For A Second Day');
    await desk.getByLabel('Lede').fill('Ships wait outside Varna.');
    await desk.getByRole('button', { name: 'Save', exact: true }).click();
    await desk.getByRole('heading', { name: /^Changed by someone else/ }).waitFor();
    assert.match((await desk.getByRole('alert').textContent()) ?? '', /Boris Reporter on /);
    await check(desk, 'conflict screen');
    await desk.getByRole('group', { name: 'Lede' }).getByLabel('Use mine').check();
    await desk.getByRole('button', { name: 'Save with these choices' }).click();
    await desk.waitForURL(/done=resolved/);
    let row = await stored(id);
    assert.deepEqual(
      [row.headline, row.lede],
      ['Port Strike Enters Its Second Day', 'Ships wait outside Varna.'],
    );
    // The next save works.
    await desk.getByLabel('Lede').fill('Ships wait outside Varna and Burgas.');
    await desk.getByRole('button', { name: 'Save', exact: true }).click();
    await desk.waitForURL(/done=saved/);

    // 2. Overwrite: all of the editor's fields, knowingly.
    await ownerSaves('Port Strike: Day Two');
    await desk.getByLabel('Headline').fill('Editor Overwrites The Headline');
    await desk.getByRole('button', { name: 'Save', exact: true }).click();
    await desk.getByRole('button', { name: 'Overwrite with all of mine' }).click();
    await desk.waitForURL(/done=resolved/);
    row = await stored(id);
    assert.equal(row.headline, 'Editor Overwrites The Headline');
    const audit = await server.ctx.audit.list(50);
    assert.ok(audit.some((a) => a.action === 'article.overwrite' && a.subject === `article:${id}`));

    // 3. Autosave meets the reporter's save and says so; the editor then takes theirs.
    await ownerSaves('Port Strike Ends After Talks');
    await desk.getByLabel('Headline').fill('Editor Typing Meanwhile');
    await desk.getByText(/Boris Reporter saved this article meanwhile/).waitFor();
    await desk.getByRole('button', { name: 'Save', exact: true }).click();
    await desk.getByRole('link', { name: 'Take theirs and drop mine' }).click();
    await desk.waitForURL(new RegExp(`/newsroom/articles/${id}$`));
    assert.equal(await desk.getByLabel('Headline').inputValue(), 'Port Strike Ends After Talks');
    assert.equal((await stored(id)).headline, 'Port Strike Ends After Talks');
    await owner.context().close();
    await desk.context().close();
  });

  it('leaving with unsaved changes asks first, in the newsroom’s links and when the page closes', async () => {
    const page = await loginAs(vera);
    const id = await writeNew(page, 'Unsaved Changes Are Kept');
    await page.getByLabel('Headline').fill('Unsaved Changes Are Kept Until Saved');
    await page.getByRole('link', { name: 'Articles', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave this article?' });
    await dialog.waitFor();
    await check(page, 'editor asking before leaving');
    await dialog.getByRole('button', { name: 'Stay' }).click();
    assert.equal(await page.getByLabel('Headline').inputValue(), 'Unsaved Changes Are Kept Until Saved');
    assert.match(page.url(), new RegExp(`/newsroom/articles/${id}$`));
    // "Save and leave" saves, then goes.
    await page.getByRole('link', { name: 'Articles', exact: true }).click();
    await dialog.getByRole('button', { name: 'Save and leave' }).click();
    await page.waitForURL(`${server.url}/newsroom`);
    assert.equal((await stored(id)).headline, 'Unsaved Changes Are Kept Until Saved');
    // Closing the tab with changes not saved: the browser's own prompt.
    await page.goto(`${server.url}/newsroom/articles/${id}`);
    await page.getByLabel('Lede').fill('Typed, then the tab is closed.');
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', async (d) => {
        resolve(d.type());
        await d.dismiss();
      }),
    );
    await page.close({ runBeforeUnload: true });
    assert.equal(await asked, 'beforeunload');
  });

  it('a preview link made on the editor opens for a reader without a login; unpublishing asks why', async () => {
    const page = await loginAs(emil);
    const id = await writeNew(page, 'Preview Of A Story Not Yet Out');
    // The preview panel comes with the saved article's page.
    await page.reload();
    await page.getByRole('button', { name: 'Create preview link' }).click();
    const link = await page.locator('#preview-link').inputValue();
    assert.match(link, /\/preview\/[A-Za-z0-9_-]{20,}$/);
    const reader = await (await browser.newContext()).newPage();
    // The link names the site's configured address; this test server listens elsewhere.
    const res = await reader.goto(server.url + new URL(link).pathname);
    assert.equal(res?.status(), 200);
    assert.equal(res?.headers()['x-robots-tag'], 'noindex');
    assert.match((await reader.locator('h1').textContent()) ?? '', /Preview Of A Story Not Yet Out/);
    assert.ok((await reader.getByText(/Preview/).count()) > 0, 'marked as a preview');
    await reader.context().close();
    // Published, then unpublished from the editor: the reason is asked for first.
    await page.goto(`${server.url}/newsroom/articles/${id}`);
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/done=publish/);
    await page.getByRole('link', { name: 'Unpublish…' }).click();
    await page.getByLabel('Reason').fill('Published by mistake before the embargo.');
    await page.getByRole('button', { name: 'Unpublish' }).click();
    await page.waitForURL(/done=unpublish/);
    assert.equal((await stored(id)).status, 'unpublished');
    const entry = (await server.ctx.audit.list(50)).find(
      (a) => a.action === 'article.unpublish' && a.subject === `article:${id}`,
    );
    assert.match(String(entry?.details), /Published by mistake before the embargo\./);
    await page.context().close();
  });

  it('the Nu HTML checker finds no errors on the screens of the shift', async () => {
    assert.ok(pages.length > 0, 'the tests before kept the screens they showed');
    const errors = await vnuErrors(pages);
    assert.deepEqual(
      errors.map((e) => `${e.url ?? ''}:${e.lastLine}: ${e.message}`),
      [],
    );
  });
});

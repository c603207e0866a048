import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { sanitizeBody } from '../../src/core/sanitize.ts';
import { bodyImageHtml } from '../../src/media/media.render.tsx';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { NewsroomClient } from '../support/newsroom.ts';
import { startServer } from '../support/server.ts';

const WORD = fs.readFileSync(path.join(import.meta.dirname, '../support/paste/word.html'), 'utf8');
const GOOGLE = fs.readFileSync(path.join(import.meta.dirname, '../support/paste/google-docs.html'), 'utf8');

/** The ProseMirror body editor in Chromium: structure by construction, dialogs, paste, upload, save. */
describe('body editor in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  let reporter: { email: string; password: string };
  const imageFile = path.join(os.tmpdir(), `dateline-body-editor-${process.pid}.jpg`);

  before(async () => {
    server = await startServer();
    chrome = await launchBrowser();
    browser = chrome.browser;
    reporter = await NewsroomClient.user(server.ctx, 'reporter', 'Rada Reporter');
    await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2e86c1' } })
      .jpeg()
      .toFile(imageFile);
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    fs.rmSync(imageFile, { force: true });
  });

  async function newArticle(opts: { javaScript?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: opts.javaScript ?? true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    (page as Page & { errors: string[] }).errors = errors;
    await page.goto(`${server.url}/newsroom/login`);
    await page.getByLabel('Email').fill(reporter.email);
    await page.getByLabel('Password').fill(reporter.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/newsroom`);
    await page.goto(`${server.url}/newsroom/articles/new`);
    return page;
  }

  // The editor learns of a caret moved by the browser (End, arrows) from a 'selectionchange' event a
  // moment later; a script pressing the next key within that moment would beat it, a person never.
  const settle = (page: Page) =>
    page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  const pageErrors = (page: Page) => (page as Page & { errors: string[] }).errors;
  const bodyValue = (page: Page) => page.locator('#body').inputValue();
  /** The body once a dialog's change has landed (the dialog closes first, then the change is made). */
  async function bodyAfterDialog(page: Page, expected: string | RegExp): Promise<string> {
    await page
      .waitForFunction(
        ([src, flags]) => {
          const v = (document.getElementById('body') as HTMLTextAreaElement).value;
          return flags === null ? v === src : new RegExp(src!, flags).test(v);
        },
        typeof expected === 'string' ? [expected, null] : [expected.source, expected.flags],
        { timeout: 5000 },
      )
      .catch(() => undefined);
    return bodyValue(page);
  }
  const editor = (page: Page) => page.getByRole('textbox', { name: 'Body' });
  const tool = (page: Page, name: string) =>
    page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name, exact: true });

  async function saveDraft(page: Page, headline: string): Promise<void> {
    await page.getByLabel('Headline').fill(headline);
    await page.getByLabel('Section').selectOption('society');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/newsroom\/articles\/\d+\?done=created/);
  }

  /** The body the server stored for the article the page shows. */
  async function storedBody(page: Page): Promise<string> {
    const id = Number(/\/newsroom\/articles\/(\d+)/.exec(page.url())![1]);
    const row = await server.db.db
      .selectFrom('articles')
      .select('body')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.body;
  }

  it('keeps structure: Enter after a heading and in a list, text after an image, exact stored HTML', async () => {
    const page = await newArticle();
    await editor(page).click();
    await page.keyboard.type('Councillors voted on Tuesday.');
    await page.keyboard.press('Enter');
    await tool(page, 'Heading').click();
    assert.equal(await tool(page, 'Heading').getAttribute('aria-pressed'), 'true');
    await page.keyboard.type('Background');
    // Enter at the end of a heading starts a paragraph, not another heading.
    await page.keyboard.press('Enter');
    assert.equal(await tool(page, 'Paragraph').getAttribute('aria-pressed'), 'true');
    await page.keyboard.type('The plan is old.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+8');
    await page.keyboard.type('Six stops');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Two depots');
    await page.keyboard.press('Enter');
    // Enter in the empty item leaves the list.
    await page.keyboard.press('Enter');
    assert.equal(await tool(page, 'Bullets').getAttribute('aria-pressed'), 'false');
    await page.keyboard.type('After the list.');
    await page.keyboard.press('Enter');

    // The image: a dialog asks for the file, alt text and caption; progress shows where it goes.
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/newsroom/media', async (route) => {
      await held;
      await route.continue();
    });
    await tool(page, 'Image').click();
    const dialog = page.getByRole('dialog', { name: 'Add an image' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Upload and insert' }).click();
    assert.equal(await dialog.getByLabel('Alt text (required)').getAttribute('aria-invalid'), 'true');
    assert.match((await dialog.textContent()) ?? '', /Choose an image file\./);
    await dialog.getByLabel('Image file (JPEG, PNG or WebP) (required)').setInputFiles(imageFile);
    await dialog.getByLabel('Alt text (required)').fill('A blue tram at the depot');
    await dialog.getByLabel('Caption').fill('The depot at Lozenets');
    await axeWith(page, 'image dialog');
    await dialog.getByRole('button', { name: 'Upload and insert' }).click();
    const progress = page.locator('.rich-editor .upload-placeholder progress');
    await progress.waitFor();
    assert.equal(await progress.getAttribute('aria-label'), `Uploading ${path.basename(imageFile)}`);
    // Writing goes on below the upload while it runs.
    await page.keyboard.type('Text after the image.');
    release();
    await page.getByText('Image added.').waitFor();
    assert.equal(await progress.count(), 0);
    await page.unroute('**/newsroom/media');
    assert.equal(await page.locator('.rich-editor figcaption').textContent(), 'The depot at Lozenets');

    // Selecting the image and typing starts a paragraph after it, never the caption.
    await page.locator('.rich-editor figure img').click();
    await page.keyboard.type('X');
    assert.equal(await page.locator('.rich-editor figcaption').textContent(), 'The depot at Lozenets');
    await page.keyboard.press('Backspace');

    const [media] = await server.ctx.media.recent(1);
    const figure = sanitizeBody(bodyImageHtml(media!));
    const expected = [
      '<p>Councillors voted on Tuesday.</p>',
      '<h2>Background</h2>',
      '<p>The plan is old.</p>',
      '<ul><li>Six stops</li><li>Two depots</li></ul>',
      '<p>After the list.</p>',
      figure,
      '<p>Text after the image.</p>',
    ].join('');
    assert.equal(await bodyValue(page), expected);
    assert.match(figure, /<figcaption>The depot at Lozenets<\/figcaption><\/figure>$/);
    assert.equal(await page.locator('.editor-count').textContent(), '20 words · 1 min read');

    // Saved and reloaded: the server kept exactly that, and the editor reads it back unchanged.
    await saveDraft(page, 'Tram depot story');
    assert.equal(await storedBody(page), expected);
    assert.equal(await bodyValue(page), expected);
    await page.locator('.rich-editor p').last().click();
    await page.keyboard.press('End');
    await settle(page);
    await page.keyboard.type('!');
    assert.equal(await bodyValue(page), expected.replace('the image.</p>', 'the image.!</p>'));
    await page.keyboard.press('Backspace');
    assert.equal(await bodyValue(page), expected);

    // Alt text and caption are edited in a dialog too (a double click on the image opens it).
    await page.locator('.rich-editor figure img').dblclick();
    const details = page.getByRole('dialog', { name: 'Alt text and caption' });
    await details.getByLabel('Caption').fill('The new depot');
    await details.getByRole('button', { name: 'Save' }).click();
    const captioned = /<figcaption>The new depot<\/figcaption><\/figure><p>Text after/;
    assert.match(await bodyAfterDialog(page, captioned), captioned);
    // Enter on the selected image opens a paragraph after it.
    await page.keyboard.press('Enter');
    await page.keyboard.type('Between.');
    assert.match(await bodyValue(page), /<\/figure><p>Between\.<\/p><p>Text after the image\.<\/p>$/);
    await axeWith(page, 'editor with an image');
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });

  it('an upload that fails leaves no placeholder behind, and says why', async () => {
    const page = await newArticle();
    await editor(page).click();
    await page.keyboard.type('Before.');
    await page.route('**/newsroom/media', (route) =>
      route.fulfill({
        status: 415,
        contentType: 'application/json',
        body: JSON.stringify({ error: { message: 'That file is not an image we can use' } }),
      }),
    );
    await tool(page, 'Image').click();
    const dialog = page.getByRole('dialog', { name: 'Add an image' });
    await dialog.getByLabel('Image file (JPEG, PNG or WebP) (required)').setInputFiles(imageFile);
    await dialog.getByLabel('Alt text (required)').fill('Anything');
    await dialog.getByRole('button', { name: 'Upload and insert' }).click();
    await page.getByText('Image not added: That file is not an image we can use.').waitFor();
    assert.equal(await page.locator('.upload-placeholder').count(), 0);
    assert.equal(await bodyValue(page), '<p>Before.</p>');
    // Escape closes the dialog and nothing is uploaded.
    await tool(page, 'Image').click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    // Closed, then taken out of the page.
    await page.locator('dialog').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.upload-placeholder').count(), 0);
    assert.deepEqual(
      pageErrors(page).filter((e) => !/status of 415/.test(e)),
      [],
    );
    await page.context().close();
  });

  it('cleans a paste from Word and from Google Docs to the stored subset', async () => {
    const page = await newArticle();
    await editor(page).click();
    const paste = (html: string) =>
      editor(page).evaluate((el, h) => {
        const data = new DataTransfer();
        data.setData('text/html', h);
        data.setData('text/plain', 'fallback');
        el.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      }, html);
    await paste(WORD);
    const word = [
      '<h2>Council backs the tram line</h2>',
      '<p>Councillors voted <strong>41 to 12</strong> in favour on Tuesday, <em>after a four-hour debate</em>.</p>',
      '<p><strong>The route</strong> runs through <em>Lozenets</em> and <a href="https://example.org/plan.pdf" rel="noopener">the published plan</a>.</p>',
      '<ul><li>Six new stops</li><li>Trams every <strong>six</strong> minutes</li><li>Opening in 2028</li></ul>',
      '<ol><li>Tender in spring</li><li>Works from autumn</li></ol>',
      '<p>Mayor Elena Dimova said "the city &amp; its people" would benefit.</p>',
    ].join('');
    assert.equal(await bodyValue(page), word);
    assert.match((await page.locator('.editor-status').textContent()) ?? '', /Pasted images were left out/);

    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await paste(GOOGLE);
    assert.equal(
      await bodyValue(page),
      [
        '<h2>What the vote means</h2>',
        '<p>The line is <strong>12 km</strong> long and <em>fully electric</em>, see <a href="https://example.org/tram" rel="noopener">the plan</a>.</p>',
        '<ul><li>Cost: <strong><em>€310m</em></strong></li><li>EU funds: 85%</li></ul>',
        '<p>Photo:</p>',
      ].join(''),
    );
    await saveDraft(page, 'Pasted story');
    assert.match(await storedBody(page), /^<h2>What the vote means<\/h2><p>The line is <strong>12 km/);
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });

  it('adds, refuses and removes links in an accessible dialog; shortcuts and toolbar keys work', async () => {
    const page = await newArticle();
    await editor(page).click();
    await page.keyboard.type('Read the report today.');
    for (let i = 0; i < 'report today.'.length; i++) await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'report'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await settle(page);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Add a link' });
    await dialog.waitFor();
    const url = dialog.getByLabel('Link address (required)');
    assert.ok(await url.evaluate((el) => el === document.activeElement), 'focus is in the address field');
    await url.fill('javascript:alert(1)');
    await page.keyboard.press('Enter');
    assert.equal(await url.getAttribute('aria-invalid'), 'true');
    assert.match((await dialog.textContent()) ?? '', /starting with https:\/\//);
    await url.fill('https://example.org/report?a=1&b=2');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const linked =
      '<p>Read the <a href="https://example.org/report?a=1&amp;b=2" rel="noopener">report</a> today.</p>';
    assert.equal(await bodyAfterDialog(page, linked), linked);
    assert.ok(
      await editor(page).evaluate(
        (el) => el.contains(document.activeElement) || el === document.activeElement,
      ),
    );
    assert.equal(await tool(page, 'Link').getAttribute('aria-pressed'), 'true');
    await axeWith(page, 'editor with text');

    // Escape closes without a change; the dialog can also take the link off.
    await page.keyboard.press('Control+k');
    const edit = page.getByRole('dialog', { name: 'Edit link' });
    await edit.waitFor();
    await axeWith(page, 'link dialog');
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });
    assert.match(await bodyValue(page), /<a href=/);
    await page.keyboard.press('Control+k');
    await edit.getByRole('button', { name: 'Remove link' }).click();
    assert.equal(
      await bodyAfterDialog(page, '<p>Read the report today.</p>'),
      '<p>Read the report today.</p>',
    );

    // Bold and italic from the keyboard; undo and redo.
    await page.keyboard.press('End');
    await settle(page);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Bold');
    await page.keyboard.press('Control+b');
    // Typing within half a second is one undo step; a pause starts the next.
    await page.waitForTimeout(700);
    await page.keyboard.press('Control+i');
    await page.keyboard.type(' italic');
    assert.equal(
      await bodyValue(page),
      '<p>Read the report today.</p><p><strong>Bold</strong><em> italic</em></p>',
    );
    await page.keyboard.press('Control+z');
    assert.equal(await bodyValue(page), '<p>Read the report today.</p><p><strong>Bold</strong></p>');
    await page.keyboard.press('Control+y');
    assert.match(await bodyValue(page), /<em> italic<\/em>/);
    await page.keyboard.press('Control+Alt+3');
    assert.match(await bodyValue(page), /<h3><strong>Bold<\/strong><em> italic<\/em><\/h3>$/);

    // The toolbar is one tab stop; arrow keys move along it.
    await tool(page, 'Paragraph').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Heading');
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Redo');
    assert.equal(await page.locator('.editor-toolbar button[tabindex="0"]').count(), 1);

    // A script that replaces the body (a conflict's "take theirs") tells the editor to read it again.
    await page.locator('#body').evaluate((el: HTMLTextAreaElement) => {
      el.value = '<p>Their <em>version</em></p>';
      el.dispatchEvent(new Event('body-editor:load'));
    });
    assert.equal(await page.locator('.rich-editor').innerHTML(), '<p>Their <em>version</em></p>');
    assert.equal(await page.locator('.editor-count').textContent(), '2 words · 1 min read');
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });

  it('without JavaScript the body is a plain textarea that saves', async () => {
    const page = await newArticle({ javaScript: false });
    const body = page.getByLabel('Body');
    assert.equal(await body.evaluate((el) => el.tagName), 'TEXTAREA');
    await body.fill('<p>Written <strong>by hand</strong>.</p>');
    await saveDraft(page, 'No script story');
    assert.equal(await storedBody(page), '<p>Written <strong>by hand</strong>.</p>');
    await page.context().close();
  });

  async function axeWith(page: Page, name: string): Promise<void> {
    const v = await axeViolations(page);
    assert.deepEqual(v, [], `${name}: ${JSON.stringify(v, null, 2)}`);
  }
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { systemActor } from '../../src/accounts/actor.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { axeViolations, launchBrowser, vnuErrors } from '../support/browser.ts';
import { NewsroomClient } from '../support/newsroom.ts';
import { startServer } from '../support/server.ts';

const TEST_ACTOR = systemActor('test');

/** The newsroom in real Chromium: a reporter writes, an editor publishes, corrects, restores and schedules. */
describe('newsroom in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  let scheduler: Scheduler;
  let reporter: { email: string; password: string };
  let editor: { email: string; password: string };
  const headline = 'City Council Approves New Tram Line Through Lozenets';
  const imageFile = path.join(os.tmpdir(), `dateline-tram-${process.pid}.jpg`);

  before(async () => {
    server = await startServer();
    chrome = await launchBrowser();
    browser = chrome.browser;
    reporter = await NewsroomClient.user(server.ctx, 'reporter', 'Vera Reporter');
    editor = await NewsroomClient.user(server.ctx, 'editor', 'Emil Editor');
    await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#c0392b' } })
      .jpeg()
      .toFile(imageFile);
    scheduler = new Scheduler(server.db.db, () => {});
    scheduler.start([
      { name: 'publish-scheduled', everyMs: 1000, run: () => server.ctx.articles.publishDue(TEST_ACTOR) },
    ]);
  });
  after(async () => {
    await scheduler?.stop();
    await chrome?.close();
    await server?.close();
    fs.rmSync(imageFile, { force: true });
  });

  const checkAxe = async (page: Page, name: string) => {
    const v = await axeViolations(page);
    assert.deepEqual(v, [], `${name}: ${JSON.stringify(v, null, 2)}`);
  };

  async function loginAs(user: { email: string; password: string }): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/newsroom`);
    await page.waitForURL(/\/newsroom\/login/);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/newsroom`);
    return page;
  }

  it('a reporter writes an article in the rich-text editor and submits it', async () => {
    const page = await loginAs(reporter);
    await checkAxe(page, 'dashboard');
    await page.getByRole('link', { name: 'Write a new article' }).click();
    await page.getByLabel('Headline').fill(headline);
    await page.getByLabel('Place dateline').fill('Sofia');
    await page
      .getByLabel('Lede')
      .fill(
        'The line will link the centre of Sofia with the southern districts by 2028, Mayor Elena Dimova said.',
      );
    // The enhanced editor replaces the textarea with an editable region and a toolbar.
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.click();
    await page.keyboard.type('Councillors voted 41 to 12 in favour. ');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type('Construction starts in spring.');
    await page.getByRole('button', { name: 'Bold' }).click();
    // An image: a dialog asks for the file, alt text and caption; the figure goes in at the caret.
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    const imageDialog = page.getByRole('dialog', { name: 'Add an image' });
    await imageDialog.getByLabel('Image file (JPEG, PNG or WebP) (required)').setInputFiles(imageFile);
    await imageDialog.getByLabel('Alt text (required)').fill('A tram at a stop in central Sofia');
    await imageDialog.getByLabel('Caption').fill('Trams today');
    await imageDialog.getByRole('button', { name: 'Upload and insert' }).click();
    await page.getByText('Image added.').waitFor();
    await page.getByLabel('Section').selectOption('society');
    // Typeahead follows the tag being typed after a comma.
    await page.getByLabel('Tags').fill('Sofia, Bulg');
    const suggestions = await page
      .locator('#tag-list option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.ok(suggestions.includes('Sofia, Bulgaria'), suggestions.join(' | '));
    // Suggestions from the text written so far: one click adds a tag.
    await page.getByLabel('Tags').fill('');
    await page.getByRole('button', { name: 'Suggest tags and dateline' }).click();
    const chip = page.locator('#suggestions .chip').first();
    await chip.waitFor();
    const label = ((await chip.textContent()) ?? '').replace(/^\+ /, '').replace(/ \(new\)$/, '');
    assert.ok(label.length > 1, 'a suggestion is offered');
    await checkAxe(page, 'editor with suggestions');
    await chip.click();
    assert.equal(await page.getByLabel('Tags').inputValue(), label);
    await page.getByLabel('Tags').fill('Sofia, Transport');
    await checkAxe(page, 'editor');
    // It has a headline and a section: its first autosave created it, and the page is its editor.
    await page.getByText(/Draft (created and )?saved at/).waitFor();
    await page.waitForURL(/\/newsroom\/articles\/\d+$/);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/newsroom\/articles\/\d+\?done=saved/);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=submit/);
    assert.match((await page.locator('.status').first().textContent()) ?? '', /In review/);
    await page.context().close();
  });

  it('an editor publishes it and it appears on the home, section and tag pages', async () => {
    const page = await loginAs(editor);
    await page.getByRole('link', { name: headline }).first().click();
    const bodyHtml = await page.locator('#body').inputValue();
    assert.match(bodyHtml, /<strong>Construction starts in spring\.<\/strong>/);
    assert.match(bodyHtml, /<img [^>]*alt="A tram at a stop in central Sofia"/);
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/done=publish/);
    await page.getByRole('link', { name: 'View on site' }).click();
    await page.waitForURL(/\/articles\/\d+\//);
    assert.equal((await page.locator('h1').textContent())?.trim(), `Sofia: ${headline}`);
    const articleUrl = new URL(page.url()).pathname;
    // The image loads (WebP from the srcset) and the page stays valid and accessible.
    const img = page.locator('.article-body figure img');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLImageElement>('.article-body figure img');
      return el?.complete && el.naturalWidth > 0;
    });
    assert.match(await img.evaluate((el: HTMLImageElement) => el.currentSrc), /\.webp$/);
    assert.equal((await page.locator('.article-body figcaption').textContent())?.trim(), 'Trams today');
    await checkAxe(page, 'article with image');
    const file = path.join(os.tmpdir(), `dateline-article-${process.pid}.html`);
    fs.writeFileSync(file, await (await page.request.get(page.url())).body());
    const errors = await vnuErrors([file]);
    fs.rmSync(file);
    assert.deepEqual(
      errors.map((e) => `${e.lastLine}: ${e.message}`),
      [],
    );
    for (const listing of ['/', '/sections/society', '/sections/bulgaria', '/tags/transport']) {
      await page.goto(server.url + listing);
      assert.ok(
        (await page.locator(`a[href="${articleUrl}"]`).count()) > 0,
        `${listing} links to the article`,
      );
    }
    await page.context().close();
  });

  it('a correction shows on the page, and an older revision can be restored', async () => {
    const page = await loginAs(editor);
    await page.goto(`${server.url}/newsroom`);
    await page.getByRole('link', { name: headline }).first().click();
    const editUrl = page.url().split('?')[0]!;
    await page.getByLabel('Headline').fill(`${headline} by 2029`);
    await page.getByLabel('Correction note (optional)').fill('An earlier version gave the wrong vote count.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/done=saved/);
    await page.getByRole('link', { name: 'View on site' }).click();
    assert.match(
      (await page.locator('.corrections').textContent()) ?? '',
      /An earlier version gave the wrong vote count\./,
    );
    assert.match((await page.locator('h1').textContent()) ?? '', /by 2029/);

    await page.goto(`${editUrl}/revisions`);
    await checkAxe(page, 'revisions');
    await page.getByRole('button', { name: 'Compare' }).click();
    assert.ok((await page.locator('.diff ins').count()) > 0);
    // Restoring asks first: the confirmation shows what will change, then the button restores.
    await page.getByRole('link', { name: 'Restore the older version…' }).click();
    await page.waitForURL(/\/restore\?revision=\d+/);
    // Restoring the version before the correction takes "by 2029" out of the headline.
    assert.match((await page.locator('.diff del').allTextContents()).join(' '), /2029/);
    await checkAxe(page, 'restore confirmation');
    await page.getByRole('button', { name: /^Restore version \d+$/ }).click();
    await page.waitForURL(/done=restored/);
    assert.equal(await page.getByLabel('Headline').inputValue(), headline);
    await page.context().close();
  });

  it('a scheduled article appears on the home page on time', async () => {
    const page = await loginAs(editor);
    await page.getByRole('link', { name: 'New article', exact: true }).click();
    const scheduled = 'Scheduled Morning Briefing Goes Live';
    await page.getByLabel('Headline').fill(scheduled);
    await page.getByLabel('Section').selectOption('politics');
    // Its first autosave creates it and shows the workflow buttons, schedule among them.
    await page.getByText('Draft created and saved at').waitFor();
    // The field takes minutes: the next minute that is at least five seconds away, in the site's zone.
    const at = Math.ceil((Date.now() + 5000) / 60_000) * 60_000;
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Sofia',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(at)
      .replace(' ', 'T');
    assert.match(
      await page.locator('#schedule-at').inputValue(),
      /^\d{4}-\d{2}-\d{2}T\d{2}:00$/,
      'prefilled to the hour',
    );
    await page.locator('#schedule-at').fill(local);
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/done=schedule/);
    const home = await browser.newPage();
    let seenAt = 0;
    while (Date.now() < at + 30_000) {
      await home.goto(`${server.url}/`);
      if ((await home.getByText(scheduled).count()) > 0) {
        seenAt = Date.now();
        break;
      }
      await home.waitForTimeout(500);
    }
    assert.ok(seenAt > 0, 'the scheduled article appeared on the home page');
    assert.ok(seenAt - at < 30_000 && seenAt >= at - 1000, `appeared ${seenAt - at} ms after its time`);
    await home.close();
    await page.context().close();
  });

  it('every newsroom page an admin can reach has no axe violations and valid HTML', async () => {
    const admin = await NewsroomClient.user(server.ctx, 'admin', 'Ada Admin');
    const page = await loginAs(admin);
    const files: string[] = [];
    // A profile with every field filled in: its form and its public page are checked with the rest.
    const photo = await server.ctx.media.ingest(fs.readFileSync(imageFile), {
      originalName: 'rada.jpg',
      alt: 'Rada Profile at a tram stop',
      userId: null,
    });
    const authorId = await server.ctx.authorAdmin.create(
      {
        name: 'Rada Profile',
        title: 'Transport reporter',
        bio: 'Writes about the city and how it moves.',
        photo: photo.id,
        links: [
          { label: 'Website', url: 'https://rada.example/' },
          { label: 'Social', url: 'https://social.example/@rada' },
        ],
      },
      TEST_ACTOR,
    );
    for (const url of [
      '/newsroom',
      '/newsroom/articles',
      '/newsroom/articles?q=tram&status=published&sort=headline',
      '/newsroom/articles/new',
      '/newsroom/home',
      '/newsroom/sections',
      '/newsroom/tags',
      '/newsroom/media',
      '/newsroom/users',
      '/newsroom/audit',
      '/newsroom/account',
      '/newsroom/authors',
      '/newsroom/authors/new',
      `/newsroom/authors/${authorId}`,
      '/authors/rada-profile',
      '/api/docs',
    ]) {
      await page.goto(server.url + url);
      await checkAxe(page, url);
      const file = path.join(os.tmpdir(), `dateline-nr-${process.pid}-${files.length}.html`);
      fs.writeFileSync(file, await page.content());
      files.push(file);
    }
    const errors = await vnuErrors(files);
    for (const f of files) fs.rmSync(f);
    assert.deepEqual(
      errors.map((e) => `${e.url}:${e.lastLine}: ${e.message}`),
      [],
    );
    await page.context().close();
  });
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';

const run = promisify(execFile);
export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching outside the machine; Playwright gives it a new empty profile. */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run \`apt-get install chromium\` (see .ci/run).`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; html: string }[];
}

const axeSource = fs.readFileSync(path.join('node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.2 AA and best practices) in the page. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (globalThis as any).axe;
    const r = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return r.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
}

export interface VnuMessage {
  type: string;
  url: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

/** The Nu HTML checker over saved files: the errors it reports (none means valid). */
export async function vnuErrors(files: string[]): Promise<VnuMessage[]> {
  const jar = path.join('node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  try {
    await run('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], {
      maxBuffer: 10 * 1024 * 1024,
    });
    return [];
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    if (!e.stderr) throw err;
    const parsed = JSON.parse(e.stderr) as { messages: VnuMessage[] };
    return parsed.messages.filter((m) => m.type === 'error');
  }
}

/** A newsroom user logged in through the login form, in a browser context of their own. */
export async function loginInBrowser(
  browser: Browser,
  baseUrl: string,
  user: { email: string; password: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/newsroom/login`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${baseUrl}/newsroom`);
  return page;
}

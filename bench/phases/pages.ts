/** The cached pages on the server under test, against baselines serving the very same bytes. */
import { freePort, type Load, type Result } from '../load.ts';
import { startBaselines } from '../realtime.ts';
import type { Pages } from './setup.ts';

type Baselines = Awaited<ReturnType<typeof startBaselines>>;
type Page = 'article' | 'home';

/** A bare Node http server and nginx serving the bytes Dateline serves now for the article and home. */
export async function startSameBytesBaselines(base: string, pages: Pages): Promise<Baselines> {
  const pageBytes = async (p: string) => Buffer.from(await (await fetch(base + p)).arrayBuffer());
  return startBaselines(
    { article: await pageBytes(pages.article), home: await pageBytes('/') },
    { bare: await freePort(), nginx: await freePort() },
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medianOf = (name: string, rs: Result[]): Result => ({
  ...rs[0]!,
  name,
  rps: median(rs.map((r) => r.rps)),
  p50: median(rs.map((r) => r.p50)),
  p99: median(rs.map((r) => r.p99)),
  rssMb: Math.max(...rs.map((r) => r.rssMb ?? 0)),
  non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
});

// Paired rounds: each page is loaded on bare Node, nginx and Dateline back to back, ROUNDS times
// with the order rotated. Each figure is the median over the rounds, and each ratio the median of
// the rounds' own ratios, so drift on the machine (a shared VM) between loads weighs little.
const ROUNDS = 3;

async function pairedRounds(load: Load, page: Page, url: string, pid: number, baselines: Baselines) {
  const trios: { bare?: Result; nginx?: Result; dateline?: Result }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const trio: (typeof trios)[number] = {};
    const steps = [
      async () => {
        trio.bare = await load(`bare node http, ${page} bytes`, baselines.bare[page]!, 0);
      },
      async () => {
        if (baselines.nginx) trio.nginx = await load(`nginx file, ${page} bytes`, baselines.nginx[page]!, 0);
      },
      async () => {
        trio.dateline = await load(page, url, pid);
      },
    ];
    for (let k = 0; k < steps.length; k++) await steps[(k + round) % steps.length]!();
    trios.push(trio);
  }
  const bare = medianOf(
    `bare node http, ${page} bytes`,
    trios.map((t) => t.bare!),
  );
  const nginx = baselines.nginx
    ? medianOf(
        `nginx file, ${page} bytes`,
        trios.map((t) => t.nginx!),
      )
    : null;
  const dateline = medianOf(
    page,
    trios.map((t) => t.dateline!),
  );
  dateline.vsBare = median(trios.map((t) => t.dateline!.rps / t.bare!.rps));
  if (baselines.nginx) dateline.vsNginx = median(trios.map((t) => t.dateline!.rps / t.nginx!.rps));
  return { bare, nginx, dateline };
}

/**
 * The cached article and home pages in paired rounds against the baselines (stopped after), then
 * the home page as a browser gets it.
 */
export async function measureCachedPages(
  load: Load,
  server: { base: string; pid: number },
  pages: Pages,
  baselines: Baselines,
) {
  const { base, pid } = server;
  await load('warm-up', base + pages.article, pid);
  await load('warm-up', `${base}/`, pid);
  const bareRuns: Result[] = [];
  const nginxRuns: Result[] = [];
  const results: Result[] = [];
  for (const page of ['article', 'home'] as const) {
    const url = page === 'article' ? base + pages.article : `${base}/`;
    const { bare, nginx, dateline } = await pairedRounds(load, page, url, pid, baselines);
    bareRuns.push(bare);
    if (nginx) nginxRuns.push(nginx);
    results.push(dateline);
  }
  // What a browser gets: the same page compressed once and kept (a ninth of the bytes).
  results.push(await load('home, brotli', `${base}/`, pid, { 'accept-encoding': 'gzip, deflate, br' }));
  baselines.stop();
  return { bareRuns, nginxRuns, results };
}

/** A section's first page and its page 200, and a tag page, all cached. */
export async function measureListings(load: Load, server: { base: string; pid: number }, pages: Pages) {
  const { base, pid } = server;
  return [
    await load('section page 1', base + pages.section, pid),
    await load(`section page ${pages.pageNo}`, base + pages.page200, pid),
    await load('tag page 1', base + pages.tag, pid),
  ];
}

/**
 * `npm run bench [-- --articles 100k --duration 10 --connections 50]`
 *
 * Seeds N synthetic articles into a fresh SQLite file (reports articles/s), times search and
 * related lists in process, then starts Dateline as a child process (cold start to the first 200)
 * and loads its pages with wrk (or autocannon when wrk is absent). The cached article and home
 * pages are compared, in the same run, with a bare Node http server and nginx (Debian's package)
 * serving the very same bytes, in three paired rounds (medians reported). Also: the uncached render rate (a twin server without the page
 * cache), the cost of counting views (two pairs of twin servers, ABBA), create-and-publish through the
 * admin API, publish-to-visible for the home page and an SSE client, and the server's peak RSS.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { sql } from 'kysely';
import { countPublished } from '../src/articles/articles.repository.ts';
import { migrateToLatest, openDatabase } from '../src/core/db/database.ts';
import { seedSynthetic } from '../src/demo/synthetic.ts';
import { benchDiscovery } from './discovery.ts';
import { benchPublish } from './publish.ts';
import { benchVisible, redisAnswers, startBaselines, type VisibleResult } from './realtime.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10k' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'data-dir': { type: 'string' },
    publishes: { type: 'string', default: '300' },
    searches: { type: 'string', default: '200' },
  },
});
const count = (() => {
  const m = /^(\d+)(k|m)?$/i.exec(values.articles);
  if (!m) throw new Error('--articles takes a count such as 10k, 100k or 1m');
  return Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : 1);
})();
const duration = Number(values.duration);
const connections = Number(values.connections);

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  rssMb?: number;
  /** Ratios to the baselines, as medians of paired rounds (the cached article and home pages). */
  vsBare?: number;
  vsNginx?: number;
  /** The process loaded (0 for baselines, whose memory is not sampled). */
  pid: number;
  non2xx: number;
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as import('node:net').AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const hasWrk = await run('wrk', ['--version']).then(
  () => true,
  (e: { stdout?: string }) => Boolean(e.stdout?.includes('wrk')),
);

function ms(v: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v);
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1);
}

async function load(
  name: string,
  url: string,
  pid: number,
  headers: Record<string, string> = {},
): Promise<Result> {
  const bytes = (await (await fetch(url)).arrayBuffer()).byteLength;
  let sampled = 0;
  const sampler = setInterval(() => {
    if (pid) sampled = Math.max(sampled, rssMb(pid));
  }, 500);
  try {
    if (hasWrk) {
      // A browser's user agent, so article views are counted as a reader's would be.
      const { stdout } = await run('wrk', [
        '-t2',
        `-c${connections}`,
        `-d${duration}s`,
        '--latency',
        '-H',
        `User-Agent: ${BROWSER_UA}`,
        ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
        url,
      ]);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
      // The latency distribution's own lines (a thread-stats percentage can also end in 50%).
      if (!/^\s+99%\s+[\d.]+(us|ms|s|m)\s*$/m.test(stdout)) console.error(stdout);
      return {
        name,
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]),
        p50: ms(/^\s+50%\s+(\S+)\s*$/m.exec(stdout)?.[1] ?? ''),
        p99: ms(/^\s+99%\s+(\S+)\s*$/m.exec(stdout)?.[1] ?? ''),
        bytes,
        rssMb: sampled,
        pid,
        non2xx,
      };
    }
    const autocannon = (await import('autocannon')).default;
    const r = await autocannon({
      url,
      connections,
      duration,
      headers: { 'user-agent': BROWSER_UA, ...headers },
    });
    return {
      name,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      bytes,
      rssMb: sampled,
      pid,
      non2xx: r.non2xx,
    };
  } finally {
    clearInterval(sampler);
  }
}

function child(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const c = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return c;
}

const dataDir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-bench-'));
console.log(
  `# Dateline benchmark: ${count} articles, wrk=${hasWrk}, ${connections} connections, ${duration}s each`,
);
console.log(`# ${os.cpus().length} cores, Node ${process.version}, data in ${dataDir}`);

// 1. Seed
const h = openDatabase({ dataDir });
await migrateToLatest(h.db);
// With --data-dir pointing at an already seeded archive, seeding is skipped (a 1m seed takes minutes).
const existing = values['data-dir'] ? await countPublished(h.db) : 0;
const seeded =
  existing >= count ? { articles: existing, ms: Number.NaN } : await seedSynthetic(h.db, { count });
// Fold the seed's write-ahead log into the database, as the server's checkpoint worker would within
// a second: reads through a large unmerged log are slower and would skew the timings below.
await sql`pragma wal_checkpoint(TRUNCATE)`.execute(h.db);
await h.close();
const seedRate = Math.round((seeded.articles / seeded.ms) * 1000);
console.log(
  Number.isNaN(seeded.ms)
    ? `seed: reused ${seeded.articles} published articles in ${dataDir}`
    : `seed: ${seeded.articles} articles in ${(seeded.ms / 1000).toFixed(1)} s = ${seedRate} articles/s`,
);

// Search and related timings, before any server competes for the CPU.
const discovery = await benchDiscovery(dataDir, {
  searches: Number(values.searches),
  publishes: Math.min(Number(values.publishes), 100),
});

// 2. Start Dateline
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const startedAt = performance.now();
const server = child(process.execPath, ['bin/dateline.js', 'serve'], {
  PORT: String(port),
  HOST: '127.0.0.1',
  DATELINE_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  DATABASE_URL: '',
});
await waitFor(`${base}/healthz`);
const coldStart = performance.now() - startedAt;

try {
  // Pick the URLs: the newest article, a top-level section, its page 200, a common tag.
  const homeHtml = await (await fetch(`${base}/`)).text();
  const article = /href="(\/articles\/\d+\/[a-z0-9-]+)"/.exec(homeHtml)?.[1];
  if (!article) throw new Error('no article link on the home page');
  const section = '/sections/bulgaria';
  let page200 = section;
  let pageNo = 1;
  for (let i = 1; i < 200; i++) {
    const html = await (await fetch(base + page200)).text();
    const next = /href="([^"]+)" rel="next"/.exec(html)?.[1];
    if (!next) break;
    page200 = next.replace(/&amp;/g, '&');
    pageNo++;
  }
  const articleHtml = await (await fetch(base + article)).text();
  const tag = /href="(\/tags\/[a-z0-9-]+)"/.exec(articleHtml)?.[1] ?? '/tags/energy-policy';
  // 3. Baselines serving the very bytes Dateline serves for the article and the home page.
  const pageBytes = async (p: string) => Buffer.from(await (await fetch(base + p)).arrayBuffer());
  const baselines = await startBaselines(
    { article: await pageBytes(article), home: await pageBytes('/') },
    { bare: await freePort(), nginx: await freePort() },
  );

  // Publishing on the freshly started server (after a warm-up), and again after the page loads.
  const publishFresh = await benchPublish(base, dataDir, Number(values.publishes));
  const results: Result[] = [];
  const pid = server.pid!;
  await load('warm-up', base + article, pid);
  await load('warm-up', `${base}/`, pid);
  // Paired rounds: each page is loaded on bare Node, nginx and Dateline back to back, ROUNDS times
  // with the order rotated. Each figure is the median over the rounds, and each ratio the median of
  // the rounds' own ratios, so drift on the machine (a shared VM) between loads weighs little.
  const ROUNDS = 3;
  const bareRuns: Result[] = [];
  const nginxRuns: Result[] = [];
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
  for (const page of ['article', 'home'] as const) {
    const url = page === 'article' ? base + article : `${base}/`;
    const trios: { bare?: Result; nginx?: Result; dateline?: Result }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const trio: (typeof trios)[number] = {};
      const steps = [
        async () => {
          trio.bare = await load(`bare node http, ${page} bytes`, baselines.bare[page]!, 0);
        },
        async () => {
          if (baselines.nginx)
            trio.nginx = await load(`nginx file, ${page} bytes`, baselines.nginx[page]!, 0);
        },
        async () => {
          trio.dateline = await load(page, url, pid);
        },
      ];
      for (let k = 0; k < steps.length; k++) await steps[(k + round) % steps.length]!();
      trios.push(trio);
    }
    bareRuns.push(
      medianOf(
        `bare node http, ${page} bytes`,
        trios.map((t) => t.bare!),
      ),
    );
    if (baselines.nginx)
      nginxRuns.push(
        medianOf(
          `nginx file, ${page} bytes`,
          trios.map((t) => t.nginx!),
        ),
      );
    const d = medianOf(
      page,
      trios.map((t) => t.dateline!),
    );
    d.vsBare = median(trios.map((t) => t.dateline!.rps / t.bare!.rps));
    if (baselines.nginx) d.vsNginx = median(trios.map((t) => t.dateline!.rps / t.nginx!.rps));
    results.push(d);
  }
  // What a browser gets: the same page compressed once and kept (a ninth of the bytes).
  results.push(await load('home, brotli', `${base}/`, pid, { 'accept-encoding': 'gzip, deflate, br' }));
  baselines.stop();
  const baseline = bareRuns[0]!;
  // What counting views costs: fresh servers alike but for VIEW_COUNTING, each warmed up, loaded
  // in the order counted, not, not, counted, so drift on the machine (a shared VM) hits both
  // sides alike.
  const twin = async (env: Record<string, string>, warm = true) => {
    const p = await freePort();
    const c = child(process.execPath, ['bin/dateline.js', 'serve'], {
      PORT: String(p),
      HOST: '127.0.0.1',
      DATELINE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ...env,
    });
    await waitFor(`http://127.0.0.1:${p}/healthz`);
    const url = `http://127.0.0.1:${p}${article}`;
    if (warm) await load('warm-up', url, c.pid!);
    return { url, base: `http://127.0.0.1:${p}`, c };
  };
  // Two pairs, started in opposite orders: on this VM the process started first of two alike
  // measured up to 9% slower, which one pair would have charged to counting.
  const on1 = await twin({ VIEW_COUNTING: 'on' });
  const off1 = await twin({ VIEW_COUNTING: 'off' });
  results.push(await load('article, views counted (twin)', on1.url, on1.c.pid!));
  results.push(await load('article, views not counted', off1.url, off1.c.pid!));
  on1.c.kill();
  off1.c.kill();
  const off2 = await twin({ VIEW_COUNTING: 'off' });
  const on2 = await twin({ VIEW_COUNTING: 'on' });
  results.push(await load('article, not counted, again', off2.url, off2.c.pid!));
  results.push(await load('article, counted, again (twin)', on2.url, on2.c.pid!));
  on2.c.kill();
  off2.c.kill();
  // Rendering every request: a server with the page cache turned off.
  const uncached = await twin({ PAGE_CACHE_MB: '0' });
  results.push(await load('article, uncached', uncached.url, uncached.c.pid!));
  results.push(await load('home, uncached', `${uncached.base}/`, uncached.c.pid!));
  uncached.c.kill();
  results.push(await load('section page 1', base + section, pid));
  results.push(await load(`section page ${pageNo}`, base + page200, pid));
  results.push(await load('tag page 1', base + tag, pid));
  const publishAfterLoad = await benchPublish(base, dataDir, Number(values.publishes));
  const visible = await benchVisible({ publish: base, read: base }, dataDir, 100, BROWSER_UA);
  // Two nodes on the same data and Redis: published on one, read and streamed on the other.
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  let visibleAcross: VisibleResult | null = null;
  if (await redisAnswers(redisUrl)) {
    const env = { REDIS_URL: redisUrl, REDIS_PREFIX: `dateline-bench-${process.pid}` };
    const nodeA = await twin(env, false);
    const nodeB = await twin(env, false);
    visibleAcross = await benchVisible({ publish: nodeA.base, read: nodeB.base }, dataDir, 100, BROWSER_UA);
    nodeA.c.kill();
    nodeB.c.kill();
  } else {
    console.log(`two-node publish-to-visible skipped: Redis does not answer at ${redisUrl}`);
  }
  const rssPeak = Math.max(...results.filter((r) => r.pid === pid).map((r) => r.rssMb ?? 0));

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\ncold start to first 200: ${Math.round(coldStart)} ms`);
  /** The paired-round median where there is one, else against the baseline's median. */
  const sameBytes = (r: Result, runs: Result[]) => {
    const paired = runs === bareRuns ? r.vsBare : r.vsNginx;
    if (paired !== undefined) return paired;
    const kind = r.name.startsWith('home') ? 'home' : r.name.startsWith('article') ? 'article' : null;
    const ref = kind && runs.find((b) => b.name.endsWith(`${kind} bytes`));
    return ref ? r.rps / ref.rps : null;
  };
  const ratio = (x: number | null) => (x === null ? '' : `${x.toFixed(2)}x`);
  console.log(
    `${pad('page', 32)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('KB', 7)}${pad('vs bare', 9)}${pad('vs nginx', 10)}RSS MB`,
  );
  for (const r of [...bareRuns, ...nginxRuns, ...results]) {
    console.log(
      `${pad(r.name, 32)}${pad(r.rps.toFixed(0), 10)}${pad(r.p50.toFixed(2), 9)}${pad(r.p99.toFixed(2), 9)}${pad((r.bytes / 1024).toFixed(1), 7)}${pad(ratio(sameBytes(r, bareRuns)), 9)}${pad(ratio(sameBytes(r, nginxRuns)), 10)}${r.pid ? (r.rssMb?.toFixed(0) ?? '') : ''}${r.non2xx ? `  NON-2XX: ${r.non2xx}` : ''}`,
    );
  }
  console.log(
    `\npublish-to-visible over ${visible.n} publishes through the admin API: home page p50 ${visible.home.p50.toFixed(1)} ms, p99 ${visible.home.p99.toFixed(1)} ms; SSE client p50 ${visible.sse.p50.toFixed(1)} ms, p99 ${visible.sse.p99.toFixed(1)} ms${visible.complete ? '' : ' (SOME NEVER ARRIVED)'}`,
  );
  if (visibleAcross) {
    console.log(
      `publish-to-visible across two nodes (published on A; B's home page and B's /live stream, events through Redis): home p50 ${visibleAcross.home.p50.toFixed(1)} ms, p99 ${visibleAcross.home.p99.toFixed(1)} ms; SSE p50 ${visibleAcross.sse.p50.toFixed(1)} ms, p99 ${visibleAcross.sse.p99.toFixed(1)} ms${visibleAcross.complete ? '' : ' (SOME NEVER ARRIVED)'}`,
    );
  }
  console.log(`peak RSS of the server under load: ${rssPeak.toFixed(0)} MB`);
  const get = (n: string) => results.find((r) => r.name === n)!;
  const counted = (get('article, views counted (twin)').rps + get('article, counted, again (twin)').rps) / 2;
  const uncounted = (get('article, views not counted').rps + get('article, not counted, again').rps) / 2;
  const viewCost = 1 - counted / uncounted;
  // The issue's goal names common, rare and phrase queries; prefix queries are reported beside them.
  const searchP95 = Math.max(...discovery.search.filter((t) => !t.name.includes('prefix')).map((t) => t.p95));
  const articleVsBare = sameBytes(get('article'), bareRuns)!;
  const articleVsNginx = sameBytes(get('article'), nginxRuns);
  const goals = [
    [
      `cached article >= 0.6x bare node with the same bytes (${articleVsBare.toFixed(2)}x)`,
      articleVsBare >= 0.6,
    ],
    [
      `cached article >= 0.5x nginx with the same bytes (${articleVsNginx === null ? 'nginx not installed' : `${articleVsNginx.toFixed(2)}x`})`,
      articleVsNginx !== null && articleVsNginx >= 0.5,
    ],
    [
      `publish-to-visible p99 <= 50 ms on the home page (${visible.home.p99.toFixed(1)} ms) and for an SSE client (${visible.sse.p99.toFixed(1)} ms)`,
      visible.complete && visible.home.p99 <= 50 && visible.sse.p99 <= 50,
    ],
    ...(visibleAcross
      ? ([
          [
            `publish-to-visible p99 <= 50 ms across two nodes (home ${visibleAcross.home.p99.toFixed(1)} ms, SSE ${visibleAcross.sse.p99.toFixed(1)} ms)`,
            visibleAcross.complete && visibleAcross.home.p99 <= 50 && visibleAcross.sse.p99 <= 50,
          ],
        ] as const)
      : []),
    [`RSS <= 300 MB under load (${rssPeak.toFixed(0)} MB)`, rssPeak <= 300],
    [`cold start <= 1 s (${Math.round(coldStart)} ms)`, coldStart <= 1000],
    [
      `section page ${pageNo} p99 <= 1.5x page 1 p99`,
      get(`section page ${pageNo}`).p99 <= 1.5 * get('section page 1').p99,
    ],
    ['create-and-publish <= 5 ms mean, fresh server', publishFresh.meanMs <= 5 && publishFresh.allVisible],
    [
      'create-and-publish <= 5 ms mean, after the page loads',
      publishAfterLoad.meanMs <= 5 && publishAfterLoad.allVisible,
    ],
    [
      `search p95 <= 20 ms for common, rare and phrase queries (worst ${searchP95.toFixed(1)} ms)`,
      searchP95 <= 20,
    ],
    [
      `search faster than the LIKE scan (${(discovery.like.p50 / searchP95).toFixed(0)}x)`,
      searchP95 < discovery.like.p50,
    ],
    ['related lists <= 50 ms per publish (p95)', discovery.related.p95 <= 50],
    ['view counting < 5% of article req/s', viewCost < 0.05],
  ] as const;
  for (const [label, p] of [
    ['fresh server', publishFresh],
    ['after the page loads', publishAfterLoad],
  ] as const) {
    console.log(
      `\ncreate-and-publish via admin API, ${label} (${p.n} sequential requests at ${count} articles): mean ${p.meanMs.toFixed(2)} ms, p50 ${p.p50Ms.toFixed(2)} ms, p99 ${p.p99Ms.toFixed(2)} ms; in the server ${p.appMeanMs.toFixed(2)} ms; GET /healthz round trip ${p.healthMeanMs.toFixed(2)} ms (${(p.meanMs / p.healthMeanMs).toFixed(1)}x); public pages correct after: ${p.allVisible}`,
    );
  }
  console.log('\nsearch and related (in process, SQLite):');
  for (const t of [...discovery.search, discovery.like, discovery.related, discovery.publish]) {
    console.log(
      `  ${pad(t.name, 42)} p50 ${t.p50.toFixed(2).padStart(8)} ms  p95 ${t.p95.toFixed(2).padStart(8)} ms  (n=${t.n}${t.query ? `, q=${t.query}` : ''}${t.results !== undefined ? `, ${t.results} results` : ''})`,
    );
  }
  console.log(
    `  view counting costs ${(viewCost * 100).toFixed(1)}% of article req/s (mean of two counted runs vs two uncounted, ABBA, pairs started in both orders)`,
  );
  console.log('\ngoals:');
  for (const [g, ok] of goals) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${g}`);
  fs.mkdirSync('.bench', { recursive: true });
  fs.writeFileSync(
    path.join('.bench', `results-${count}.json`),
    JSON.stringify(
      {
        count,
        seedRate,
        coldStart,
        baseline,
        bareRuns,
        nginxRuns,
        results,
        visible,
        visibleAcross,
        rssPeak,
        publishFresh,
        publishAfterLoad,
        discovery,
        viewCost,
        at: new Date().toISOString(),
      },
      null,
      2,
    ),
  );
} finally {
  server.kill();
  if (!values['data-dir']) fs.rmSync(dataDir, { recursive: true, force: true });
}

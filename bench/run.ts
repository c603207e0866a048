/**
 * `npm run bench [-- --articles 100k --duration 10 --connections 50]`
 *
 * Seeds N synthetic articles into a fresh SQLite file (reports articles/s), times search, related
 * lists and the newsroom's article list in process, then starts Dateline as a child process (cold
 * start to the first 200) and loads its pages with wrk (or autocannon when wrk is absent). The
 * cached article and home pages are compared, in the same run, with a bare Node http server and
 * nginx (Debian's package) serving the very same bytes, in three paired rounds (medians reported).
 * Also: the uncached render rate (a twin server without the page
 * cache), the cost of counting views (two pairs of twin servers, ABBA), create-and-publish through the
 * admin API, publish-to-visible for the home page and an SSE client, and the server's peak RSS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchDiscovery } from './discovery.ts';
import { loader } from './load.ts';
import { benchArticleList, printArticleList } from './phases/article-list.ts';
import { measureCachedPages, measureListings, startSameBytesBaselines } from './phases/pages.ts';
import { report } from './phases/report.ts';
import { pickPages, seedArchive, startDateline } from './phases/setup.ts';
import { measurePublishToVisible, measureUncached, measureViewCounting } from './phases/twins.ts';
import { benchPublish } from './publish.ts';

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
const publishes = Number(values.publishes);

async function main(): Promise<void> {
  const { hasWrk, load } = await loader({ connections, duration });
  const dataDir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-bench-'));
  console.log(
    `# Dateline benchmark: ${count} articles, wrk=${hasWrk}, ${connections} connections, ${duration}s each`,
  );
  console.log(`# ${os.cpus().length} cores, Node ${process.version}, data in ${dataDir}`);

  const { seedRate } = await seedArchive({ dataDir, count, reuse: Boolean(values['data-dir']) });
  // Search and related timings, before any server competes for the CPU.
  const discovery = await benchDiscovery(dataDir, {
    searches: Number(values.searches),
    publishes: Math.min(publishes, 100),
  });
  // At least 200 rounds: its cases take a few ms, and a p95 of fewer runs is little more than their worst.
  const articleList = await benchArticleList(dataDir, { runs: Math.max(200, Number(values.searches)) });
  const { server, coldStart } = await startDateline(dataDir);
  try {
    const pages = await pickPages(server.base);
    // Started before the publishes below, so they serve the bytes of the pages as first loaded.
    const baselines = await startSameBytesBaselines(server.base, pages);
    // Publishing on the freshly started server (after a warm-up), and again after the page loads.
    const publishFresh = await benchPublish(server.base, dataDir, publishes);
    const cached = await measureCachedPages(load, server, pages, baselines);
    const twins = { load, dataDir, article: pages.article };
    const viewCounting = await measureViewCounting(twins);
    const uncached = await measureUncached(twins);
    const listings = await measureListings(load, server, pages);
    const publishAfterLoad = await benchPublish(server.base, dataDir, publishes);
    const { visible, visibleAcross } = await measurePublishToVisible(twins, server.base);
    report({
      count,
      seedRate,
      coldStart,
      pid: server.pid,
      pageNo: pages.pageNo,
      bareRuns: cached.bareRuns,
      nginxRuns: cached.nginxRuns,
      results: [...cached.results, ...viewCounting, ...uncached, ...listings],
      visible,
      visibleAcross,
      publishFresh,
      publishAfterLoad,
      discovery,
    });
    printArticleList(articleList);
  } finally {
    server.proc.kill();
    if (!values['data-dir']) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

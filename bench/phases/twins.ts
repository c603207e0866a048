/**
 * Phases on fresh servers beside the one under test, on the same data: what counting views costs,
 * the uncached render rate, and publish-to-visible (on the server under test, then across two nodes).
 */
import { BROWSER_UA, type Load, type Result, serve } from '../load.ts';
import { benchVisible, redisAnswers, type VisibleResult } from '../realtime.ts';

interface Twins {
  load: Load;
  dataDir: string;
  /** The article page's path, loaded on each twin (and its warm-up). */
  article: string;
}

/** A fresh server alike but for `env`, its article page warmed up unless `warm` is false. */
async function twin(t: Twins, env: Record<string, string>, warm = true) {
  const s = await serve(t.dataDir, env);
  const url = `${s.base}${t.article}`;
  if (warm) await t.load('warm-up', url, s.pid);
  return { url, base: s.base, pid: s.pid, proc: s.proc };
}

/**
 * What counting views costs: fresh servers alike but for VIEW_COUNTING, each warmed up, loaded in
 * the order counted, not, not, counted, so drift on the machine (a shared VM) hits both sides alike.
 */
export async function measureViewCounting(t: Twins): Promise<Result[]> {
  const results: Result[] = [];
  // Two pairs, started in opposite orders: on this VM the process started first of two alike
  // measured up to 9% slower, which one pair would have charged to counting.
  const on1 = await twin(t, { VIEW_COUNTING: 'on' });
  const off1 = await twin(t, { VIEW_COUNTING: 'off' });
  results.push(await t.load('article, views counted (twin)', on1.url, on1.pid));
  results.push(await t.load('article, views not counted', off1.url, off1.pid));
  on1.proc.kill();
  off1.proc.kill();
  const off2 = await twin(t, { VIEW_COUNTING: 'off' });
  const on2 = await twin(t, { VIEW_COUNTING: 'on' });
  results.push(await t.load('article, not counted, again', off2.url, off2.pid));
  results.push(await t.load('article, counted, again (twin)', on2.url, on2.pid));
  on2.proc.kill();
  off2.proc.kill();
  return results;
}

/** Rendering every request: a server with the page cache turned off. */
export async function measureUncached(t: Twins): Promise<Result[]> {
  const uncached = await twin(t, { PAGE_CACHE_MB: '0' });
  const results = [
    await t.load('article, uncached', uncached.url, uncached.pid),
    await t.load('home, uncached', `${uncached.base}/`, uncached.pid),
  ];
  uncached.proc.kill();
  return results;
}

/**
 * Publish-to-visible on the server under test; then, when Redis answers, across two nodes on the
 * same data and Redis: published on one, read and streamed on the other.
 */
export async function measurePublishToVisible(t: Twins, base: string) {
  const visible = await benchVisible({ publish: base, read: base }, t.dataDir, 100, BROWSER_UA);
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  let visibleAcross: VisibleResult | null = null;
  if (await redisAnswers(redisUrl)) {
    const env = { REDIS_URL: redisUrl, REDIS_PREFIX: `dateline-bench-${process.pid}` };
    const nodeA = await twin(t, env, false);
    const nodeB = await twin(t, env, false);
    visibleAcross = await benchVisible({ publish: nodeA.base, read: nodeB.base }, t.dataDir, 100, BROWSER_UA);
    nodeA.proc.kill();
    nodeB.proc.kill();
  } else {
    console.log(`two-node publish-to-visible skipped: Redis does not answer at ${redisUrl}`);
  }
  return { visible, visibleAcross };
}

/**
 * The load runner (wrk, or autocannon when wrk is absent) and the process helpers the benchmark
 * phases share: free ports, starting a Dateline server, waiting for it, sampling its memory.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Result {
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

export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor(url: string, ms = 30_000): Promise<void> {
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

export interface Server {
  base: string;
  proc: ChildProcess;
  pid: number;
  /** From the spawn to the first 200 of /healthz. */
  startMs: number;
}

/** A Dateline server (`bin/dateline.js serve`) on a free port, answering /healthz when returned. */
export async function serve(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const proc = spawn(process.execPath, ['bin/dateline.js', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATELINE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`${base}/healthz`);
  return { base, proc, pid: proc.pid!, startMs: performance.now() - startedAt };
}

function ms(v: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v);
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1);
}

export type Load = (
  name: string,
  url: string,
  pid: number,
  headers?: Record<string, string>,
) => Promise<Result>;

/** Loads one URL for `duration` seconds over `connections` connections, sampling `pid`'s peak RSS. */
export async function loader(opts: { connections: number; duration: number }) {
  const hasWrk = await run('wrk', ['--version']).then(
    () => true,
    (e: { stdout?: string }) => Boolean(e.stdout?.includes('wrk')),
  );
  const load: Load = async (name, url, pid, headers = {}) => {
    const bytes = (await (await fetch(url)).arrayBuffer()).byteLength;
    let sampled = 0;
    const sampler = setInterval(() => {
      if (pid) sampled = Math.max(sampled, rssMb(pid));
    }, 500);
    try {
      const r = hasWrk ? await wrk(url, headers, opts) : await autocannon(url, headers, opts);
      return { name, rps: r.rps, p50: r.p50, p99: r.p99, bytes, rssMb: sampled, pid, non2xx: r.non2xx };
    } finally {
      clearInterval(sampler);
    }
  };
  return { hasWrk, load };
}

type Measured = Pick<Result, 'rps' | 'p50' | 'p99' | 'non2xx'>;

async function wrk(
  url: string,
  headers: Record<string, string>,
  opts: { connections: number; duration: number },
): Promise<Measured> {
  // A browser's user agent, so article views are counted as a reader's would be.
  const { stdout } = await run('wrk', [
    '-t2',
    `-c${opts.connections}`,
    `-d${opts.duration}s`,
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
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]),
    p50: ms(/^\s+50%\s+(\S+)\s*$/m.exec(stdout)?.[1] ?? ''),
    p99: ms(/^\s+99%\s+(\S+)\s*$/m.exec(stdout)?.[1] ?? ''),
    non2xx,
  };
}

async function autocannon(
  url: string,
  headers: Record<string, string>,
  opts: { connections: number; duration: number },
): Promise<Measured> {
  const cannon = (await import('autocannon')).default;
  const r = await cannon({
    url,
    connections: opts.connections,
    duration: opts.duration,
    headers: { 'user-agent': BROWSER_UA, ...headers },
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AccountService } from '../src/accounts/accounts.service.ts';
import { systemActor } from '../src/accounts/actor.ts';
import { AuditLog } from '../src/audit/audit.service.ts';
import { openDatabase } from '../src/core/db/database.ts';

export interface PublishResult {
  n: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  healthMeanMs: number;
  /** Time inside the server (its Server-Timing header), without the network and the client. */
  appMeanMs: number;
  allVisible: boolean;
}

/**
 * A lean keep-alive client (node:http): fetch (undici) adds several milliseconds per request
 * on this machine, which would be measured as if it were the server's.
 */
function client(base: string) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<{ status: number; body: string; appMs: number }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method,
          agent,
          headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers,
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c) => {
            data += c;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: data,
              appMs: Number(
                /dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''))?.[1] ?? Number.NaN,
              ),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

/** An API token of a new editor, written straight into the benchmark's database. */
export async function editorToken(dataDir: string, label: string): Promise<string> {
  const h = openDatabase({ dataDir });
  try {
    const accounts = new AccountService(h.db, new AuditLog(h.db));
    const user = await accounts.createUser(
      {
        email: `${label}-${Date.now()}@bench.local`,
        name: `Bench editor (${label})`,
        role: 'editor',
        // Its own password, not a one-time one: the token must work without a first login.
        password: randomBytes(18).toString('base64url'),
      },
      systemActor('bench'),
    );
    return (await accounts.createApiToken(user.id, label)).token;
  } finally {
    await h.close();
  }
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/**
 * Create-and-publish through the admin API, one request per article, sequentially, against a
 * running server; then checks each new article answers 200 and the newest is on its section page.
 * The transport baseline is a GET /healthz round trip measured the same way in the same run.
 */
export async function benchPublish(base: string, dataDir: string, n: number): Promise<PublishResult> {
  const token = await editorToken(dataDir, 'bench');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const call = client(base);
  const health: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call('GET', '/healthz');
    health.push(performance.now() - t0);
  }
  const times: number[] = [];
  const app: number[] = [];
  const created: { id: number; slug: string }[] = [];
  // The first WARMUP requests let the JIT settle; they are published but not timed.
  const WARMUP = 50;
  for (let i = -WARMUP; i < n; i++) {
    const body = JSON.stringify({
      headline: `Benchmark Story Number ${i + WARMUP} on Port Tariffs`,
      lede: 'A synthetic story published through the admin API.',
      body: '<p>One paragraph of text.</p><p>Another paragraph.</p>',
      section: 'economy',
      tags: ['Ports', `Bench ${i % 20}`, 'Energy Policy'],
      publish: true,
    });
    const t0 = performance.now();
    const res = await call('POST', '/api/admin/v1/articles', headers, body);
    const elapsed = performance.now() - t0;
    if (res.status !== 201) throw new Error(`create-and-publish answered ${res.status}: ${res.body}`);
    if (i < 0) continue;
    times.push(elapsed);
    app.push(res.appMs);
    created.push(JSON.parse(res.body) as { id: number; slug: string });
  }
  let allVisible = true;
  for (const a of created) {
    if ((await call('GET', `/articles/${a.id}/${a.slug}`)).status !== 200) allVisible = false;
  }
  const newest = created[created.length - 1]!;
  if (!(await call('GET', '/sections/economy')).body.includes(`/articles/${newest.id}/`)) allVisible = false;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    n,
    meanMs: mean(times),
    p50Ms: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    healthMeanMs: mean(health),
    appMeanMs: mean(app),
    allVisible,
  };
}

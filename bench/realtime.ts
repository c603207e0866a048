import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { editorToken } from './publish.ts';

export interface VisibleResult {
  n: number;
  home: { p50: number; p99: number };
  sse: { p50: number; p99: number };
  /** Every publish reached the stream and the home page. */
  complete: boolean;
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** GET with node:http on a keep-alive agent (fetch adds milliseconds of its own on this machine). */
function getter(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (p: string, headers: Record<string, string> = {}) =>
    new Promise<string>((resolve, reject) => {
      http
        .get(`${base}${p}`, { agent, headers }, (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (data += c));
          res.on('end', () => resolve(data));
        })
        .on('error', reject);
    });
}

/**
 * Publish-to-visible: N articles created and published through the admin API, one after another.
 * For each, the time from sending the request until (a) an open /live stream delivers its event and
 * (b) a reader's GET of the home page, sent as soon as the publish is answered and repeated until
 * it shows the headline, returns it. The home page is kept in the page cache between publishes
 * (a reader loads it first), so each publish has to purge it. With two nodes, the publish goes to
 * one and the reader and the stream are on the other (events travel through Redis).
 */
export async function benchVisible(
  nodes: { publish: string; read: string },
  dataDir: string,
  n: number,
  ua: string,
): Promise<VisibleResult> {
  const token = await editorToken(dataDir, 'bench-visible');

  // The stream: every event's arrival time, by headline.
  const arrived = new Map<string, number>();
  const stream = await new Promise<http.ClientRequest>((resolve, reject) => {
    const req = http.get(`${nodes.read}/live`, { headers: { 'user-agent': ua } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`/live answered ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const now = performance.now();
        buf += chunk;
        for (let cut = buf.indexOf('\n\n'); cut >= 0; cut = buf.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(buf.slice(0, cut))?.[1];
          buf = buf.slice(cut + 2);
          if (data) arrived.set(JSON.parse(data).headline, now);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });

  const publisher = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${nodes.publish}/api/admin/v1/articles`,
        {
          method: 'POST',
          agent: publisher,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const reader = getter(nodes.read);
  const home: number[] = [];
  const sse: number[] = [];
  let complete = true;
  // Untimed publishes first: a node just started compiles the publish path and warms its caches.
  const WARMUP = 50;
  for (let i = -WARMUP; i < n; i++) {
    const headline = `Visible Story ${i + WARMUP} ${Date.now().toString(36)}`;
    await reader('/', { 'user-agent': ua });
    const t0 = performance.now();
    const status = await post(
      JSON.stringify({
        headline,
        lede: 'A story timed from publish to the reader.',
        body: '<p>One paragraph.</p>',
        section: 'bulgaria',
        tags: ['Bench Visible'],
        publish: true,
      }),
    );
    if (status !== 201) throw new Error(`publish answered ${status}`);
    let seenAt = 0;
    for (let tries = 0; tries < 200 && !seenAt; tries++) {
      const page = await reader('/', { 'user-agent': ua });
      if (page.includes(headline)) seenAt = performance.now();
    }
    for (let waited = 0; !arrived.has(headline) && waited < 2000; waited += 1) {
      await new Promise((r) => setTimeout(r, 1));
    }
    if (i < 0) continue;
    const eventAt = arrived.get(headline);
    if (!seenAt || eventAt === undefined) complete = false;
    home.push((seenAt || Number.POSITIVE_INFINITY) - t0);
    sse.push((eventAt ?? Number.POSITIVE_INFINITY) - t0);
  }
  stream.destroy();
  return {
    n,
    home: { p50: quantile(home, 0.5), p99: quantile(home, 0.99) },
    sse: { p50: quantile(sse, 0.5), p99: quantile(sse, 0.99) },
    complete,
  };
}

/**
 * The baselines serve the very bytes Dateline served for each page: a bare Node http server (bytes
 * from memory) and nginx (bytes from files, Debian's package, its default worker count). Returns
 * their URLs by page name, and a function that stops both.
 */
export async function startBaselines(
  pages: Record<string, Buffer>,
  ports: { bare: number; nginx: number },
): Promise<{ bare: Record<string, string>; nginx: Record<string, string> | null; stop(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-baseline-'));
  fs.chmodSync(dir, 0o755);
  const www = path.join(dir, 'www');
  fs.mkdirSync(www, { mode: 0o755 });
  for (const [name, bytes] of Object.entries(pages))
    fs.writeFileSync(path.join(www, `${name}.html`), bytes, { mode: 0o644 });
  const children: ChildProcess[] = [];
  const bareScript = `const fs=require('fs'),path=require('path');const pages=new Map();for(const f of fs.readdirSync(${JSON.stringify(www)}))pages.set('/'+f,fs.readFileSync(path.join(${JSON.stringify(www)},f)));require('http').createServer((q,s)=>{const b=pages.get(q.url);if(!b){s.writeHead(404);return s.end()}s.writeHead(200,{'content-type':'text/html; charset=utf-8','content-length':b.length});s.end(b)}).listen(${ports.bare},'127.0.0.1')`;
  children.push(spawn(process.execPath, ['-e', bareScript], { stdio: 'ignore' }));
  const bare = Object.fromEntries(
    Object.keys(pages).map((n) => [n, `http://127.0.0.1:${ports.bare}/${n}.html`]),
  );

  let nginx: Record<string, string> | null = null;
  const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
  if (nginxBin) {
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(
      conf,
      `worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { text/html html; }
  default_type text/html;
  charset utf-8;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  server { listen 127.0.0.1:${ports.nginx}; root ${www}; }
}
`,
    );
    children.push(spawn(nginxBin, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' }));
    nginx = Object.fromEntries(
      Object.keys(pages).map((n) => [n, `http://127.0.0.1:${ports.nginx}/${n}.html`]),
    );
  }
  const up = async (url: string) => {
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(url).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${url} did not come up`);
  };
  for (const url of [...Object.values(bare), ...Object.values(nginx ?? {})]) await up(url);
  return {
    bare,
    nginx,
    stop: () => {
      for (const c of children) c.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether a Redis server answers PING at this URL (the two-node figures need one). */
export async function redisAnswers(url: string): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const r = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

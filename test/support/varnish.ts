import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { packagePath } from '../../src/core/paths.ts';

/** Why Varnish tests cannot run here, or null when varnishd is installed. */
export function varnishMissing(): string | null {
  const r = spawnSync('varnishd', ['-V'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'varnishd is not installed (apt-get install varnish); .ci/run installs it';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A real varnishd running the VCL shipped in deploy/varnish, in front of a Dateline listening on
 * `backendPort`. It runs in the foreground of a child process, in a working directory of its own.
 */
export async function startVarnish(
  port: number,
  backendPort: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-varnish-'));
  const vcl = fs
    .readFileSync(packagePath('deploy/varnish/dateline.vcl'), 'utf8')
    .replace('.port = "3000";', `.port = "${backendPort}";`);
  fs.writeFileSync(path.join(dir, 'dateline.vcl'), vcl);
  let output = '';
  const child: ChildProcess = spawn(
    'varnishd',
    ['-F', '-j', 'none', '-n', path.join(dir, 'n'), '-a', `127.0.0.1:${port}`, '-T', 'none'].concat([
      '-f',
      path.join(dir, 'dateline.vcl'),
      '-s',
      'malloc,32m',
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`varnishd exited: ${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`varnishd did not answer within 20 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

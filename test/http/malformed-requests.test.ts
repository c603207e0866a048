import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';

/** Writes raw bytes, optionally half-closes or hangs up, and returns the status line (or ''). */
function raw(port: number, bytes: string, then: 'wait' | 'end' | 'destroy'): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(bytes);
      if (then === 'end') s.end();
      if (then === 'destroy') setTimeout(() => s.destroy(), 1000);
    });
    s.on('data', (d) => {
      got += d.toString('latin1');
    });
    s.on('error', () => {});
    s.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    setTimeout(() => s.destroy(), 2000);
  });
}

const LOGIN =
  'POST /newsroom/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
  'Transfer-Encoding: chunked\r\n\r\n';

for (const dialect of testDialects()) {
  describe(`malformed requests on ${dialect}`, () => {
    let t: TestApp;
    let port: number;
    before(async () => {
      t = await startTestApp(dialect, { seed: false });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });
    after(async () => {
      await t?.close();
    });

    it('answers a broken chunked body with 400, never 500', async () => {
      assert.match(await raw(port, `${LOGIN}zz\r\nabc\r\n0\r\n\r\n`, 'wait'), /^HTTP\/1\.1 400/);
      assert.match(await raw(port, `${LOGIN}5\r\nabcdefgh\r\n0\r\n\r\n`, 'wait'), /^HTTP\/1\.1 400/);
      // Truncated, then the client half-closes: the body never completes.
      assert.match(await raw(port, `${LOGIN}5\r\nab`, 'end'), /^HTTP\/1\.1 400/);
    });

    it('a client that hangs up mid-body leaves the node ready and answering', async () => {
      await raw(port, `${LOGIN}5\r\nab`, 'destroy');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(t.db.availability.available, true, 'a client hanging up is not a database outage');
      const login = await fetch(`http://127.0.0.1:${port}/newsroom/login`);
      assert.equal(login.status, 200);
    });
  });
}

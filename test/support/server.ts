import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './app.ts';

/** The app listening on a loopback port, for the browser. */
export async function startServer(): Promise<TestApp & { url: string }> {
  const t = await startTestApp('sqlite');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { ...t, url: `http://127.0.0.1:${port}` };
}

import { Redis } from 'ioredis';

export const REDIS_TEST_URL = process.env.REDIS_TEST_URL || 'redis://127.0.0.1:6379';

/** A connection for the test itself; fails with how to start Redis when it is not running. */
export async function testRedis(): Promise<Redis> {
  const r = new Redis(REDIS_TEST_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0 });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    r.disconnect();
    throw new Error(
      `Redis is not reachable at ${REDIS_TEST_URL} (${(err as Error).message}). These tests need it: ` +
        'start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`.',
    );
  }
  return r;
}

/** A channel prefix of its own per test, so parallel test files never hear each other. */
export function uniquePrefix(): string {
  return `dateline-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

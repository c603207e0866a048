import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('load shedding', () => {
  let t: TestApp;
  before(async () => {
    // A low threshold so a short block of the event loop stands for a saturated process.
    t = await startTestApp('sqlite', { env: { SHED_LOAD_AFTER_MS: '50' } });
  });
  after(async () => {
    await t?.close();
  });

  it('answers 503 with Retry-After while the event loop lags, and serves again once it recovers', async () => {
    assert.equal((await t.app.inject('/')).statusCode, 200);
    // Block the loop, then ask: the sampler reads the lag on its next tick. Retried, so a busy
    // test machine (a late tick) cannot turn this into a false failure.
    let shed: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    for (let attempt = 0; attempt < 10 && shed?.statusCode !== 503; attempt++) {
      const end = Date.now() + 400;
      while (Date.now() < end) {
        // Busy: nothing else runs.
      }
      await sleep(20);
      shed = await t.app.inject('/');
    }
    assert.equal(shed?.statusCode, 503);
    assert.equal(shed?.headers['retry-after'], '5');
    assert.match(shed?.body ?? '', /very busy/);
    let recovered = 0;
    for (let i = 0; i < 50 && recovered !== 200; i++) {
      await sleep(50);
      recovered = (await t.app.inject('/')).statusCode;
    }
    assert.equal(recovered, 200);
  });
});

describe('load shedding does not start early', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite', { env: { SHED_LOAD_AFTER_MS: '1000' } });
  });
  after(async () => {
    await t?.close();
  });

  it('serves a busy process whose ticks take a tenth of the limit', async () => {
    // Ticks of ~120 ms for three seconds: slow, but far from a second of lag. (With the delay
    // sampled every 200 ms, intervals without a sample were read as infinite lag, and shed.)
    const statuses: number[] = [];
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      const end = Date.now() + 120;
      while (Date.now() < end) {
        // Busy.
      }
      await sleep(1);
      statuses.push((await t.app.inject('/healthz')).statusCode);
    }
    assert.ok(statuses.length > 10);
    assert.deepEqual(
      statuses.filter((s) => s !== 200),
      [],
    );
  });
});

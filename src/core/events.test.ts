import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventBus, type EventName, type EventTransport } from './events.ts';

/** Two buses joined in memory, as two nodes joined by Redis would be. */
async function pair(): Promise<[EventBus, EventBus]> {
  const a = new EventBus();
  const b = new EventBus();
  const link = (from: EventBus, to: EventBus): EventTransport => ({
    send: async (event, payload) => {
      // Over the wire payloads are copies.
      await to.deliver(event, structuredClone(payload));
    },
    start: async () => {},
    close: async () => {},
  });
  await a.useTransport(link(a, b));
  await b.useTransport(link(b, a));
  return [a, b];
}

describe('event bus', () => {
  it('emit resolves once every listener has finished, and a failing one stops no other', async () => {
    const errors: unknown[] = [];
    const bus = new EventBus((err) => errors.push(err));
    const done: string[] = [];
    bus.on('home.curated', async () => {
      await new Promise((r) => setTimeout(r, 20));
      done.push('slow');
    });
    bus.on('home.curated', () => {
      throw new Error('boom');
    });
    bus.on('home.curated', () => void done.push('fast'));
    await bus.emit('home.curated', {});
    assert.deepEqual(done.sort(), ['fast', 'slow']);
    assert.equal(errors.length, 1);
  });

  it('another node runs only its every-node listeners, and is told the event is remote', async () => {
    const [a, b] = await pair();
    const seen: { node: string; scope: string; remote: boolean }[] = [];
    for (const [node, bus] of [
      ['a', a],
      ['b', b],
    ] as const) {
      bus.on('tags.changed', (_e, m) => void seen.push({ node, scope: 'origin', remote: m.remote }));
      bus.on('tags.changed', (_e, m) => void seen.push({ node, scope: 'every', remote: m.remote }), {
        everyNode: true,
      });
    }
    await a.emit('tags.changed', { tagIds: [7] });
    assert.deepEqual(
      seen.sort((x, y) => (x.node + x.scope).localeCompare(y.node + y.scope)),
      [
        { node: 'a', scope: 'every', remote: false },
        { node: 'a', scope: 'origin', remote: false },
        { node: 'b', scope: 'every', remote: true },
      ],
    );
  });

  it('a resync from the transport reaches the resync listeners', async () => {
    const bus = new EventBus();
    let resync: () => void = () => {};
    const calls: string[] = [];
    bus.onResync(() => void calls.push('cleared'));
    await bus.useTransport({
      send: async () => {},
      start: async (_deliver: (e: EventName, p: unknown) => Promise<void>, r: () => void) => {
        resync = r;
      },
      close: async () => {},
    });
    resync();
    await bus.settled();
    assert.deepEqual(calls, ['cleared']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LiveEvent, LiveHub } from './live.hub.ts';

const article = (id: number): LiveEvent['article'] => ({
  id,
  url: `/articles/${id}/x`,
  headline: `Story ${id}`,
  place: null,
  sections: ['world'],
  breaking: false,
});

describe('live hub replay', () => {
  it('sends what came after the reader’s last id, and nothing twice', () => {
    const hub = new LiveHub();
    const a = hub.publish({ type: 'publish', article: article(1) }, 1000);
    const b = hub.publish({ type: 'publish', article: article(2) }, 2000);
    assert.deepEqual(hub.since(a.id), [b]);
    assert.deepEqual(hub.since(b.id), []);
  });

  it('defers to the database when it holds nothing: after a restart, or after forgetting a gap', () => {
    const fresh = new LiveHub();
    assert.equal(fresh.since(5000), null, 'a restarted node cannot know what was published meanwhile');
    const hub = new LiveHub();
    hub.publish({ type: 'publish', article: article(1) }, 1000);
    hub.forget();
    assert.equal(hub.since(1000), null);
  });

  it('keeps events from other nodes in id order', () => {
    const hub = new LiveHub();
    hub.accept({ id: 3000, type: 'publish', article: article(3) });
    hub.accept({ id: 2000, type: 'publish', article: article(2) });
    assert.deepEqual(
      hub.since(1999)?.map((e) => e.id),
      [2000, 3000],
    );
  });
});

describe('live hub places', () => {
  const client = () => ({
    sent: [] as number[],
    send(e: LiveEvent) {
      this.sent.push(e.id);
    },
    close() {},
  });

  it('a place counts from the moment it is taken, and is given back once', () => {
    const hub = new LiveHub({ perIp: 2, total: 10, keep: 10 });
    const a = hub.reserve('10.0.0.1');
    assert.equal(typeof a, 'object');
    assert.equal(typeof hub.reserve('10.0.0.1'), 'object', 'nothing attached yet, but the place is taken');
    assert.match(String(hub.reserve('10.0.0.1')), /from your address/);
    assert.equal(typeof hub.reserve('10.0.0.2'), 'object');
    if (typeof a === 'string') return assert.fail(a);
    a.release();
    a.release();
    assert.equal(hub.open, 2, 'a second release gives nothing more back');
    assert.equal(typeof hub.reserve('10.0.0.1'), 'object');
    assert.match(String(hub.reserve('10.0.0.1')), /from your address/);
  });

  it('bounds the places in total', () => {
    const hub = new LiveHub({ perIp: 2, total: 3, keep: 10 });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) assert.equal(typeof hub.reserve(ip), 'object');
    assert.match(String(hub.reserve('10.0.0.4')), /Too many live readers/);
  });

  it('only attached streams get events, and a released one stops getting them', () => {
    const hub = new LiveHub();
    const slot = hub.reserve('10.0.0.1');
    if (typeof slot === 'string') return assert.fail(slot);
    const c = client();
    hub.publish({ type: 'publish', article: article(1) }, 1000);
    assert.equal(slot.attach(c), true);
    hub.publish({ type: 'publish', article: article(2) }, 2000);
    slot.release();
    hub.publish({ type: 'publish', article: article(3) }, 3000);
    assert.deepEqual(c.sent, [2000]);
    assert.equal(slot.attach(c), false, 'a place given back cannot be used');
  });

  it('closing gives back the places of streams still being set up', () => {
    const hub = new LiveHub({ perIp: 1, total: 10, keep: 10 });
    const slot = hub.reserve('10.0.0.1');
    if (typeof slot === 'string') return assert.fail(slot);
    hub.closeAll();
    assert.equal(hub.open, 0);
    assert.equal(slot.attach(client()), false);
  });
});

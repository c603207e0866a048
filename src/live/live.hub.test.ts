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

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PageCache } from './page-cache.ts';

const page = (keys: string[], size = 10) => ({
  status: 200,
  body: Buffer.alloc(size, 120),
  contentType: 'text/html',
  keys,
  storedAt: 0,
});

describe('page cache', () => {
  it('purges exactly the pages carrying a key', () => {
    const c = new PageCache(10_000, 60_000, () => 0);
    c.set('/articles/1/a', page(['p:1', 'a:1', 'a:2']), c.ticket());
    c.set('/', page(['home', 'a:1', 'a:3']), c.ticket());
    c.set('/tags/x', page(['t:5', 'a:3']), c.ticket());
    assert.equal(c.purge(['a:2']), 1);
    assert.equal(c.get('/articles/1/a'), undefined);
    assert.ok(c.get('/'));
    assert.ok(c.get('/tags/x'));
    assert.equal(c.purge(['a:3']), 2);
    assert.equal(c.size.pages, 0);
  });

  it('keeps within its byte bound, dropping the least recently used', () => {
    const c = new PageCache(1000, 60_000, () => 0);
    for (let i = 0; i < 5; i++) c.set(`/p${i}`, page([`k${i}`], 90), c.ticket());
    c.get('/p0'); // used: now the most recent
    for (let i = 5; i < 12; i++) c.set(`/p${i}`, page([`k${i}`], 90), c.ticket());
    assert.ok(c.size.bytes <= 1000);
    assert.ok(c.get('/p0'), 'recently used page kept');
    assert.equal(c.get('/p1'), undefined, 'least recently used page dropped');
  });

  it('refuses a page rendered while one of its keys was purged (it may be stale)', () => {
    const c = new PageCache(10_000, 60_000, () => 0);
    const ticket = c.ticket();
    c.purge(['home']); // a publish lands while "/" is being rendered
    assert.equal(c.set('/', page(['home']), ticket), undefined);
    assert.ok(c.set('/tags/x', page(['t:1']), ticket), 'other keys were not purged');
    assert.ok(c.set('/', page(['home']), c.ticket()), 'a render begun after the purge is kept');
  });

  it('renders afresh after the maximum age', () => {
    let now = 0;
    const c = new PageCache(10_000, 1000, () => now);
    c.set('/', { ...page(['home']), storedAt: 0 }, c.ticket());
    now = 999;
    assert.ok(c.get('/'));
    now = 1001;
    assert.equal(c.get('/'), undefined);
  });

  it('keeps an expired page as a stale copy until it is purged, cleared or evicted', () => {
    let now = 0;
    const c = new PageCache(100, 1000, () => now);
    c.set('/', { ...page(['home']), storedAt: 0 }, c.ticket());
    c.set('/s', { ...page(['s:1']), storedAt: 0 }, c.ticket());
    now = 5000;
    assert.equal(c.get('/'), undefined, 'expired: rendered afresh when possible');
    assert.ok(c.stale('/'), 'but kept for when rendering fails');
    c.purge(['home']);
    assert.equal(c.stale('/'), undefined, 'a purged page is never served stale');
    for (let i = 0; i < 10; i++) c.set(`/p${i}`, { ...page([`p:${i}`]), storedAt: now }, c.ticket());
    assert.equal(
      c.stale('/s'),
      undefined,
      'stale copies count in the byte bound, least recently used evicted first',
    );
    assert.ok(c.size.bytes <= 100);
    c.clear();
    assert.equal(c.stale('/p9'), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheKeyOf } from './cache-key.ts';

describe('page cache keys', () => {
  it('keep only the parameters pages read', () => {
    assert.equal(cacheKeyOf('/'), '/');
    assert.equal(cacheKeyOf('/?junk=1'), '/');
    assert.equal(cacheKeyOf('/?utm_source=x&utm_medium=y'), '/');
    assert.equal(cacheKeyOf('/sections/world?before=abc-1&x=2'), '/sections/world?before=abc-1');
    assert.equal(cacheKeyOf('/sections/world?x=2&before=abc-1'), '/sections/world?before=abc-1');
  });

  it('give every spelling of one page one key', () => {
    for (const t of [
      '/sections/world',
      '/s%65ctions/world',
      '/sections/world/',
      'http://example.com/sections/world',
    ]) {
      assert.equal(cacheKeyOf(t), '/sections/world', t);
    }
  });

  it('refuse what is not worth a slot', () => {
    assert.equal(cacheKeyOf('/%E0%A4%A'), null);
    assert.equal(cacheKeyOf('/tags/x?before=a&before=b'), null);
    assert.equal(cacheKeyOf(`/${'a'.repeat(3000)}`), null);
    assert.equal(cacheKeyOf('ftp://x/y'), null);
  });
});

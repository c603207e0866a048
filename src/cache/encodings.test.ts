import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickEncoding } from './encodings.ts';

describe('choosing an encoding from Accept-Encoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    assert.equal(pickEncoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(pickEncoding('gzip, deflate'), 'gzip');
    assert.equal(pickEncoding('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(pickEncoding('BR ; q=1'), 'br');
    assert.equal(pickEncoding('gzip;q=0'), 'identity');
    assert.equal(pickEncoding('identity'), 'identity');
    assert.equal(pickEncoding(undefined), 'identity');
    assert.equal(pickEncoding(''), 'identity');
  });

  it('does not parse a header longer than any browser sends', () => {
    assert.equal(pickEncoding(`${'x, '.repeat(200)}br`), 'identity');
  });
});

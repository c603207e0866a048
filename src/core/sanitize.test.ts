import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainText } from './sanitize.ts';

describe('plain text fields', () => {
  it('keep characters, not entities, and no tags', () => {
    assert.equal(plainText('M&A talks: <b>AT&T</b> and "Q&A"'), 'M&A talks: AT&T and "Q&A"');
    assert.equal(
      plainText("Prices fall < 2% as traders' hopes fade"),
      "Prices fall < 2% as traders' hopes fade",
    );
    assert.equal(plainText('<script>alert(1)</script>Vote  counted'), 'Vote counted');
    assert.equal(plainText('Caf&eacute; &amp; bar'), 'Café & bar');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeListCursor,
  encodeListCursor,
  ListQueryError,
  MAX_CURSOR_CHARS,
} from './article-list.reader.ts';

describe('the article list cursor', () => {
  it('comes back as the key it was made from, in each order', () => {
    // The longest headline the editor takes, in Cyrillic (two bytes a letter in UTF-8).
    const cyrillic = 'Парламентът прие бюджета след нощно заседание '.repeat(7).slice(0, 300);
    const keys = [
      ['updated', { value: Date.UTC(2024, 9, 18, 12), id: 42 }],
      ['published', { value: Date.UTC(2024, 9, 18, 12), id: 2_147_483_647 }],
      ['published', { value: null, id: 7 }],
      ['headline', { value: 'M&A: "Quotes", slashes/and.dots', id: 3 }],
      ['headline', { value: cyrillic, id: 12 }],
      ['headline', { value: '🚋 Tram 𝔰𝔭𝔢𝔠𝔦𝔞𝔩', id: 9 }],
    ] as const;
    for (const [sort, key] of keys) {
      const raw = encodeListCursor(sort, key);
      assert.ok(raw.length <= MAX_CURSOR_CHARS, `${sort}: ${raw.length} characters`);
      assert.match(raw, /^[a-z]\.[A-Za-z0-9_.-]+$/, 'safe in a URL as it is');
      assert.deepEqual(decodeListCursor(sort, raw), key);
    }
  });

  it('refuses a cursor of another order, or one it did not make, with 400 naming "after"', () => {
    const bad: ['updated' | 'published' | 'headline', string][] = [
      ['headline', encodeListCursor('updated', { value: 1, id: 1 })],
      ['updated', encodeListCursor('headline', { value: 'A', id: 1 })],
      ['updated', encodeListCursor('published', { value: null, id: 1 })],
      ['headline', `h.${Buffer.from('a\u0000b').toString('base64url')}.1`],
      ['headline', `h.${Buffer.from('x'.repeat(401)).toString('base64url')}.1`],
      ['headline', 'h..1'],
      ['headline', 'h.QQ.0'],
      ['published', 'n.zzzzzzzzz'],
      ['updated', `u.${'9'.repeat(12)}-1`],
      ['updated', 'u.zz'],
      ['updated', 'garbage'],
      ['updated', ''],
    ];
    for (const [sort, raw] of bad) {
      assert.throws(
        () => decodeListCursor(sort, raw),
        (err: unknown) => err instanceof ListQueryError && err.status === 400 && 'after' in err.fields,
        `${sort} ${raw}`,
      );
    }
  });
});

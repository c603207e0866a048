import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLastEventId } from './last-event-id.ts';

describe('parseLastEventId', () => {
  it('reads the ids the stream sends', () => {
    assert.equal(parseLastEventId('1735689600000'), 1735689600000);
    assert.equal(parseLastEventId('0'), 0);
    assert.equal(parseLastEventId('999999999999999'), 999999999999999);
  });

  it('ignores anything else, so the stream starts from now', () => {
    const junk: unknown[] = [
      undefined,
      null,
      1735689600000,
      ['1735689600000'],
      '',
      ' 1',
      '1 ',
      '1\n',
      '-1',
      '+1',
      '1e3',
      '0x10',
      '1.5',
      '１２３',
      '1000000000000000',
      '9'.repeat(400),
    ];
    for (const raw of junk) assert.equal(parseLastEventId(raw), undefined, JSON.stringify(raw));
  });
});

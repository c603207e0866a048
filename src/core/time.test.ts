import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateLine, isValidDate, localDayRange, localMonthRange, localToUtc } from './time.ts';

const SOFIA = 'Europe/Sofia';

describe('date line', () => {
  it('formats a summer instant in EEST (UTC+3)', () => {
    assert.equal(formatDateLine(Date.UTC(2024, 9, 18, 12, 7), SOFIA), 'October 18, 2024, Friday // 15:07');
  });

  it('formats a winter instant in EET (UTC+2)', () => {
    assert.equal(formatDateLine(Date.UTC(2024, 0, 18, 13, 7), SOFIA), 'January 18, 2024, Thursday // 15:07');
  });

  it('shows the Sofia day just after midnight even when UTC is still on the previous day', () => {
    // 22:30 UTC on 17 January is 00:30 on 18 January in Sofia.
    assert.equal(formatDateLine(Date.UTC(2024, 0, 17, 22, 30), SOFIA), 'January 18, 2024, Thursday // 00:30');
    // and in summer: 21:05 UTC on 30 June is 00:05 on 1 July.
    assert.equal(formatDateLine(Date.UTC(2024, 5, 30, 21, 5), SOFIA), 'July 1, 2024, Monday // 00:05');
  });

  it('uses a 24-hour clock with leading zeros', () => {
    assert.equal(formatDateLine(Date.UTC(2024, 11, 31, 7, 4), SOFIA), 'December 31, 2024, Tuesday // 09:04');
    assert.equal(formatDateLine(Date.UTC(2024, 11, 31, 22, 0), SOFIA), 'January 1, 2025, Wednesday // 00:00');
  });

  it('follows another configured zone', () => {
    assert.equal(formatDateLine(Date.UTC(2024, 9, 18, 12, 7), 'UTC'), 'October 18, 2024, Friday // 12:07');
  });
});

describe('local day ranges', () => {
  it('covers a normal Sofia day as 24 hours starting at local midnight', () => {
    const [a, b] = localDayRange(2024, 10, 18, SOFIA);
    assert.equal(new Date(a).toISOString(), '2024-10-17T21:00:00.000Z');
    assert.equal(b - a, 24 * 3600_000);
  });

  it('is 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    const [a, b] = localDayRange(2024, 3, 31, SOFIA);
    assert.equal(b - a, 23 * 3600_000);
    const [c, d] = localDayRange(2024, 10, 27, SOFIA);
    assert.equal(d - c, 25 * 3600_000);
  });

  it('covers a month', () => {
    const [a, b] = localMonthRange(2024, 2, SOFIA);
    assert.equal(new Date(a).toISOString(), '2024-01-31T22:00:00.000Z');
    assert.equal(new Date(b).toISOString(), '2024-02-29T22:00:00.000Z');
  });

  it('converts a Sofia wall-clock time to UTC on both sides of a DST change', () => {
    assert.equal(
      new Date(localToUtc(2024, 3, 31, 12, 0, 0, SOFIA)).toISOString(),
      '2024-03-31T09:00:00.000Z',
    );
    assert.equal(
      new Date(localToUtc(2024, 3, 30, 12, 0, 0, SOFIA)).toISOString(),
      '2024-03-30T10:00:00.000Z',
    );
  });

  it('rejects impossible dates', () => {
    assert.equal(isValidDate(2024, 2, 30), false);
    assert.equal(isValidDate(2023, 2, 29), false);
    assert.equal(isValidDate(2024, 2, 29), true);
    assert.equal(isValidDate(2024, 13, 1), false);
  });
});

/**
 * Numbers from requests (ids, versions, cursors, limits) are range-checked before they reach SQL:
 * PostgreSQL answers an out-of-range parameter for an `integer` column with an error (a 500 for
 * the reader), where SQLite just finds nothing. Out of range means "no such thing" or a 400.
 */

/** Ids and versions are `integer` columns: 32-bit signed on PostgreSQL. */
export const MAX_INT32 = 2_147_483_647;

/** The latest time a request may name (the end of year 9999 UTC); dates are shown with four-digit years. */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// Plain decimal only: no sign, spaces, leading zeros, fraction, exponent or hex, so each number has one spelling.
const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;

/** A whole number written in plain decimal, if it lies in [min, max] (max at most 2^53 - 1). */
export function intInRange(raw: unknown, min: number, max: number): number | undefined {
  if (typeof raw !== 'string' || !DECIMAL.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

/** A row id or version from a request (1 to 2^31 - 1), or undefined. */
export function positiveInt32(raw: unknown): number | undefined {
  return intInRange(raw, 1, MAX_INT32);
}

/** Whether an already-parsed number can be a row id or version. */
export function isPositiveInt32(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_INT32;
}

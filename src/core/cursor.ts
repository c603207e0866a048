import { BadRequestError } from './errors.ts';
import { isPositiveInt32, MAX_TIME_MS } from './numbers.ts';

/**
 * Listings page by keyset: a cursor names the last item shown (its publish time and id), so the
 * next page is one index range however deep the reader goes.
 */
export interface Cursor {
  publishedAt: number;
  id: number;
}

const PATTERN = /^([0-9a-z]{1,11})-([0-9a-z]{1,9})$/;

export function encodeCursor(c: Cursor): string {
  return `${c.publishedAt.toString(36)}-${c.id.toString(36)}`;
}

/** Undefined for no cursor; a clear 400 for anything that is not one we made. */
export function parseCursor(raw: unknown): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 24) throw new BadRequestError('The page link is not valid.');
  const m = PATTERN.exec(raw);
  if (!m) throw new BadRequestError('The page link is not valid.');
  const publishedAt = Number.parseInt(m[1]!, 36);
  const id = Number.parseInt(m[2]!, 36);
  // Ids are int32 columns and times are shown as dates: anything beyond is no cursor we made.
  if (publishedAt > MAX_TIME_MS || !isPositiveInt32(id)) {
    throw new BadRequestError('The page link is not valid.');
  }
  return { publishedAt, id };
}

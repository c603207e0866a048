import { type Cursor, encodeCursor } from '../core/cursor.ts';

/** The link to the next older page of a listing at `base`, if there is one. */
export function olderLink(base: string, next: Cursor | undefined): string | undefined {
  if (!next) return undefined;
  const sep = base.includes('?') ? '&' : '?';
  return `${base}${sep}before=${encodeCursor(next)}`;
}

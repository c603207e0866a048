import type { ArticleSummary } from '../articles/articles.repository.ts';
import type { Cursor } from '../articles/cursor.ts';

/** Given pageSize+1 rows, the link to the next older page, if there is one. */
export function olderLink(
  base: string,
  rows: ArticleSummary[],
  pageSize: number,
  encode: (c: Cursor) => string,
): string | undefined {
  if (rows.length <= pageSize) return undefined;
  const last = rows[pageSize - 1]!;
  const sep = base.includes('?') ? '&' : '?';
  return `${base}${sep}before=${encode({ publishedAt: last.published_at, id: last.id })}`;
}

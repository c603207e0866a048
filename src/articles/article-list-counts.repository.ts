import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { ARTICLE_STATUSES, type ArticleStatus } from '../core/db/schema.ts';
import { conditions, from, type ListFilters, type ListSort } from './article-list.repository.ts';

/** The article list's counts per status, bounded like its pages (see article-list.repository.ts). */

/** A count per status that stops at this many ("10,000+"). */
export const COUNT_CAP = 10_000;

/** An article count of one status; `atLeast` when it stopped at the cap or counted a sample of a set. */
export interface StatusCount {
  n: number;
  atLeast: boolean;
}

/**
 * How many articles of each status pass the filters other than the status, each count stopping at
 * COUNT_CAP. With a text or an author, counted over the ids read of their sets: exact when a set is
 * complete, a lower bound when it is partial. Either way counting costs the same at any archive size.
 */
export async function countByStatus(
  db: Database,
  f: ListFilters,
  sort: ListSort,
): Promise<Record<ArticleStatus, StatusCount>> {
  const all = { ...f, status: undefined };
  // Counted over the text's ids when there is a text (an author is then checked on each, exactly).
  const partial = (s: ArticleStatus) =>
    f.text
      ? !f.text[s === 'published' ? 'reader' : 'desk'].complete
      : f.author !== undefined && !f.author.set.complete;
  const counted = f.text || f.author ? await countInSets(db, all, sort) : await countEach(db, all, sort);
  return Object.fromEntries(
    ARTICLE_STATUSES.map((s) => {
      const n = counted[s] ?? 0;
      return [s, { n: Math.min(n, COUNT_CAP), atLeast: n > COUNT_CAP || partial(s) }];
    }),
  ) as Record<ArticleStatus, StatusCount>;
}

/** Each status counted on its own, up to one past the cap (an index range each). */
async function countEach(
  db: Database,
  f: ListFilters,
  sort: ListSort,
): Promise<Partial<Record<ArticleStatus, number>>> {
  const counts = await Promise.all(
    ARTICLE_STATUSES.map(async (status) => {
      const rows = from(db)
        .where(conditions(db, { ...f, status }, sort))
        .select(sql`1`.as('one'))
        .limit(COUNT_CAP + 1);
      const r = await db
        .selectFrom(rows.as('x'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // COUNT arrives as a string from PostgreSQL.
      return [status, Number(r.n)] as const;
    }),
  );
  return Object.fromEntries(counts);
}

/** One pass over the ids read of the sets (the text's, else the author's), grouped by status. */
async function countInSets(
  db: Database,
  f: ListFilters,
  sort: ListSort,
): Promise<Partial<Record<ArticleStatus, number>>> {
  const lead = f.text ? [...f.text.reader.ids, ...f.text.desk.ids] : (f.author?.set.ids ?? []);
  const rows = await from(db, lead)
    .where(conditions(db, f, sort, f.text ? 'text' : 'author'))
    .select(['a.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('a.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { isPostgres } from '../core/db/dialect.ts';
import type { ArticleKind, ArticleStatus, DB } from '../core/db/schema.ts';
import {
  amongIds,
  authorProbe,
  type IdSet,
  idTable,
  type TextIndex,
  type TextMatch,
  textProbe,
} from './article-list-sets.repository.ts';

/**
 * The newsroom's article list: every article, filtered, in one of three orders, a page at a time by
 * keyset, so page 500 costs what page 1 does. Each condition is one an index serves (migration 0009
 * has the indexes):
 *   each order alone                     (updated_at, id), (published_at, id), (headline, id)
 *   a filter, newest change first        (status | kind | created_by | section_id | root_section_id,
 *                                         updated_at, id)
 *   a section, in the other orders       (section_id | root_section_id, published_at | headline, id)
 *   dates                                a range of the order's own column, after the above
 *   a text or an author                  article-list-sets.repository.ts
 * A status, kind or writer in another order than the last change sorts the rows it leaves.
 */

export const LIST_SORTS = ['updated', 'published', 'headline'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export type { TextMatch };

export interface ListFilters {
  status?: ArticleStatus | undefined;
  section?: { id: number; isRoot: boolean } | undefined;
  kind?: ArticleKind | undefined;
  /** [from, to) in epoch ms, on the order's time: publication for 'published', else the last change. */
  from?: number | undefined;
  to?: number | undefined;
  /** Only this user's own articles (reporters and contributors see no others). */
  createdBy?: number | undefined;
  author?: { id: number; set: IdSet } | undefined;
  /** The words, and the matches in each index (both are always read: the counts need both). */
  text?: { match: TextMatch; reader: IdSet; desk: IdSet } | undefined;
}

/** Where a page ends: the last row's value in the order (null: never published) and its id. */
export interface ListKey {
  value: number | string | null;
  id: number;
}

export interface ListRow {
  id: number;
  slug: string;
  headline: string;
  place: string | null;
  status: ArticleStatus;
  kind: ArticleKind;
  section_id: number;
  updated_at: number;
  published_at: number | null;
  scheduled_at: number | null;
  created_by_name: string | null;
}

/** The articles table as `a`, in Kysely's types. */
type WithA = DB & { a: DB['articles'] };
type ArticlesQuery = SelectQueryBuilder<WithA, 'a', object>;
type Where = (eb: ExpressionBuilder<WithA, 'a'>) => Expression<SqlBool>;
type Text = NonNullable<ListFilters['text']>;

/** The time column a date range and the time orders read. */
const timeColumn = (sort: ListSort) =>
  sort === 'published' ? ('a.published_at' as const) : ('a.updated_at' as const);

/** The indexes a text search reads for a status filter: each holds only its own statuses. */
function textIndexes(status?: ArticleStatus): TextIndex[] {
  return status === undefined ? ['reader', 'desk'] : status === 'published' ? ['reader'] : ['desk'];
}

/**
 * The ids a page starts from, when a set is complete (small): the text's matches in every index it
 * reads, else the author's articles.
 */
function leadingIds(f: ListFilters): number[] | undefined {
  const t = f.text;
  const indexes = textIndexes(f.status);
  if (t && indexes.every((i) => t[i].complete)) return indexes.flatMap((i) => t[i].ids);
  if (f.author?.set.complete) return f.author.set.ids;
  return undefined;
}

/**
 * Where a query starts: the articles table, or a set of ids. SQLite keeps a CROSS JOIN's tables in
 * the order written, so the set leads (its rows are few; a status index may hold most of the
 * archive). PostgreSQL, told the ids as one array, looks them up by key itself.
 */
export function from(db: Database, lead?: number[]): ArticlesQuery {
  if (!lead) return db.selectFrom('articles as a');
  if (isPostgres(db)) return db.selectFrom('articles as a').where(amongIds(db, lead));
  // Only `a` is read from here on; the set's one column is its join key.
  return db
    .selectFrom(sql`(${idTable(db, lead)})`.as('m'))
    .crossJoin('articles as a')
    .where(sql<SqlBool>`a.id = m.id`) as unknown as ArticlesQuery;
}

/** A set as a condition on the rows a query walks: one of its ids, or checked by key when partial. */
function inSet(db: Database, set: IdSet, probe: () => Expression<SqlBool>): Expression<SqlBool> {
  return set.complete ? amongIds(db, set.ids) : probe();
}

/** The text condition for rows the query walks: published rows in the reader index, others in the desk index. */
function textCondition(db: Database, t: Text, status?: ArticleStatus): Expression<SqlBool> {
  const one = (i: TextIndex) => inSet(db, t[i], () => textProbe(db, t.match, i));
  const [only] = textIndexes(status);
  if (status !== undefined && only) return one(only);
  // On SQLite `+a.status` keeps the status off an index: otherwise, for a common word, the planner
  // reads every published row through the status index, checks each against the search index and
  // sorts them all (3.6 s a page at 100k articles) instead of walking the list's own order (7 ms).
  const st = isPostgres(db) ? sql`a.status` : sql`+a.status`;
  return sql<SqlBool>`((${st} = 'published' and ${one('reader')}) or (${st} <> 'published' and ${one('desk')}))`;
}

/** The filters as conditions on `a`; the sets too, except the one the query starts from (`led`). */
export function conditions(db: Database, f: ListFilters, sort: ListSort, led?: 'text' | 'author'): Where {
  return (eb) => {
    const c: Expression<SqlBool>[] = [];
    if (f.status) c.push(eb('a.status', '=', f.status));
    if (f.section) c.push(eb(f.section.isRoot ? 'a.root_section_id' : 'a.section_id', '=', f.section.id));
    if (f.kind) c.push(eb('a.kind', '=', f.kind));
    if (f.createdBy !== undefined) c.push(eb('a.created_by', '=', f.createdBy));
    if (f.from !== undefined) c.push(eb(timeColumn(sort), '>=', f.from));
    if (f.to !== undefined) c.push(eb(timeColumn(sort), '<', f.to));
    if (f.text && led !== 'text') c.push(textCondition(db, f.text, f.status));
    const author = f.author;
    if (author && led !== 'author') c.push(inSet(db, author.set, () => authorProbe(author.id)));
    return eb.and(c);
  };
}

function selectRows(q: ArticlesQuery) {
  return q
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .select([
      'a.id',
      'a.slug',
      'a.headline',
      'a.place',
      'a.status',
      'a.kind',
      'a.section_id',
      'a.updated_at',
      'a.published_at',
      'a.scheduled_at',
      'u.name as created_by_name',
    ]);
}

/**
 * One page in the chosen order, after `after`, with one row more than `limit` when there is a
 * next page. Newest published first lists the never-published last (newest first): two ranges,
 * the second read only when the first runs out, so each is one index range on both databases.
 */
export async function listPage(
  db: Database,
  f: ListFilters,
  sort: ListSort,
  limit: number,
  after?: ListKey,
): Promise<ListRow[]> {
  const lead = leadingIds(f);
  const led = lead && (f.text ? 'text' : 'author');
  const filtered = from(db, lead).where(conditions(db, f, sort, led));
  if (sort === 'updated') {
    let q = selectRows(filtered);
    if (after) q = q.where(sql<SqlBool>`(a.updated_at, a.id) < (${after.value}, ${after.id})`);
    return q
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(limit + 1)
      .execute();
  }
  if (sort === 'headline') {
    let q = selectRows(filtered);
    if (after) q = q.where(sql<SqlBool>`(a.headline, a.id) > (${after.value}, ${after.id})`);
    return q
      .orderBy('a.headline')
      .orderBy('a.id')
      .limit(limit + 1)
      .execute();
  }
  const rows: ListRow[] = [];
  if (!after || after.value !== null) {
    let q = selectRows(filtered).where('a.published_at', 'is not', null);
    if (after) q = q.where(sql<SqlBool>`(a.published_at, a.id) < (${after.value}, ${after.id})`);
    rows.push(
      ...(await q
        .orderBy('a.published_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(limit + 1)
        .execute()),
    );
  }
  if (rows.length <= limit) {
    let q = selectRows(filtered).where('a.published_at', 'is', null);
    if (after?.value === null) q = q.where('a.id', '<', after.id);
    rows.push(
      ...(await q
        .orderBy('a.id', 'desc')
        .limit(limit + 1 - rows.length)
        .execute()),
    );
  }
  return rows;
}

/** The bylines of the listed articles, in byline order. */
export async function bylinesOf(db: Database, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('article_authors as aa')
    .innerJoin('authors as au', 'au.id', 'aa.author_id')
    .select(['aa.article_id', 'au.name'])
    .where('aa.article_id', 'in', ids)
    .orderBy('aa.article_id')
    .orderBy('aa.position')
    .execute();
  for (const r of rows) out.set(r.article_id, [...(out.get(r.article_id) ?? []), r.name]);
  return out;
}

/** Deletes the article if it is still a draft (the bulk action); false when it is not, or gone. */
export async function deleteDraft(db: Database, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom('articles')
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

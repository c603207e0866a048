import type { Insertable } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type {
  ArticleAuthorTable,
  ArticleFeatureTable,
  ArticleRelatedTable,
  ArticleTable,
  ArticleTagTable,
} from '../core/db/schema.ts';

/** Bulk writes for the benchmark generator: multi-row inserts, ids chosen by the caller. */
export async function maxArticleId(db: Database): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function bulkInsert(
  db: Database,
  rows: {
    articles?: Insertable<ArticleTable>[];
    tags?: ArticleTagTable[];
    authors?: ArticleAuthorTable[];
    related?: Insertable<ArticleRelatedTable>[];
    features?: ArticleFeatureTable[];
  },
  chunk: number,
): Promise<void> {
  const put = async <
    T extends keyof Pick<
      import('../core/db/schema.ts').DB,
      'articles' | 'article_tags' | 'article_authors' | 'article_related' | 'article_features'
    >,
  >(
    table: T,
    values: Insertable<import('../core/db/schema.ts').DB[T]>[],
    size: number,
  ) => {
    for (let i = 0; i < values.length; i += size) {
      await db
        .insertInto(table)
        .values(values.slice(i, i + size) as never)
        .execute();
    }
  };
  await put('articles', rows.articles ?? [], chunk);
  await put('article_tags', rows.tags ?? [], chunk * 4);
  await put('article_authors', rows.authors ?? [], chunk * 4);
  await put('article_related', rows.related ?? [], chunk * 4);
  await put('article_features', rows.features ?? [], chunk * 4);
}

export async function allTags(db: Database): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('tags').select(['id', 'name']).orderBy('id').execute();
}

export async function allAuthorIds(db: Database): Promise<number[]> {
  return (await db.selectFrom('authors').select('id').orderBy('id').execute()).map((r) => r.id);
}

export async function insertTags(db: Database, tags: { slug: string; name: string }[]): Promise<void> {
  for (let i = 0; i < tags.length; i += 500) {
    await db
      .insertInto('tags')
      .values(tags.slice(i, i + 500))
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
  }
}

import { after, before } from 'node:test';
import { systemActor } from '../../src/accounts/actor.ts';
import * as articles from '../../src/articles/articles.repository.ts';
import type { ArticleService } from '../../src/articles/articles.service.ts';
import type { Dialect } from '../../src/core/db/database.ts';
import type { TestDatabase } from './databases.ts';
import { articleService, NEWS_DESK, newsroomDatabase } from './newsroom-database.ts';

export const ACTOR = systemActor('test');
export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 9, 18, 12, 0);
export const CHROME = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
};

/** What the view counter's test files share: a few stories and a way to see the views they gained. */
export interface ViewCounterBench {
  db: TestDatabase;
  service: ArticleService;
  /** Three stories published a day before T0. */
  ids: number[];
  draft: number;
  story(headline: string, status: 'published' | 'draft'): Promise<number>;
  /** The view totals of ids, in order. */
  totals(): Promise<number[]>;
  /** The views each of ids gained since totals() returned `before`. */
  added(before: number[]): Promise<number[]>;
}

export async function viewCounterBench(dialect: Dialect): Promise<ViewCounterBench> {
  const newsroom = await newsroomDatabase(dialect, NEWS_DESK);
  const { db } = newsroom;
  const service = articleService(newsroom, { now: () => T0, indexers: [] });
  const story = (headline: string, status: 'published' | 'draft') =>
    service.create(
      {
        headline,
        lede: '',
        body: '',
        section: 'news',
        tags: [],
        authors: ['ana'],
        status,
        publishedAt: status === 'published' ? T0 - 24 * HOUR : undefined,
      },
      ACTOR,
    );
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) ids.push(await story(`Story ${i}`, 'published'));
  const draft = await story('Draft', 'draft');
  const viewsOf = async (id: number) => (await articles.findArticleById(db.db, id))!.view_count;
  const totals = async () => Promise.all(ids.map(viewsOf));
  const added = async (before: number[]) => (await totals()).map((n, i) => n - before[i]!);
  return { db, service, ids, draft, story, totals, added };
}

/**
 * Sets the bench up before the enclosing describe's tests and drops it after them; the tests call
 * the returned function for it.
 */
export function viewCounterBenchFor(dialect: Dialect): () => ViewCounterBench {
  let bench: ViewCounterBench | undefined;
  before(async () => {
    bench = await viewCounterBench(dialect);
  });
  after(async () => {
    await bench?.db.dispose();
  });
  return () => bench!;
}

import type { Database } from '../core/db/database.ts';

/**
 * Something kept in step with published articles (the search index, related lists). Called in the
 * transaction that publishes, updates or withdraws the article; it reads the article's state there.
 */
export interface ArticleIndexer {
  /** May return other articles whose pages changed too (for cache invalidation). */
  articleChanged(db: Database, id: number): Promise<undefined | { pages: number[] }>;
}

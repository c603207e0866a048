import type { Database } from '../core/db/database.ts';
import type { ParsedQuery } from './query.ts';

/** What the index holds of one published article: plain text, tag names joined. */
export interface SearchDocument {
  id: number;
  headline: string;
  lede: string;
  body: string;
  tags: string;
}

export interface SearchFilters {
  section?: { id: number; isRoot: boolean } | undefined;
  tagId?: number | undefined;
  /** Publish time range, epoch ms, [from, to). */
  from?: number | undefined;
  to?: number | undefined;
}

export interface SearchHit {
  id: number;
  /** Engine relevance, higher is better; comparable only within one query. */
  relevance: number;
  published_at: number;
}

/**
 * The full-text engine of one dialect. Both index the same four fields with the same weights
 * (headline, then tags, then lede, then body) and answer with the newest `limit` matches and
 * their relevance; ranking with recency is done once, above them.
 */
export interface SearchEngine {
  put(db: Database, docs: SearchDocument[]): Promise<void>;
  remove(db: Database, ids: number[]): Promise<void>;
  clear(db: Database): Promise<void>;
  candidates(db: Database, q: ParsedQuery, f: SearchFilters, limit: number): Promise<SearchHit[]>;
}

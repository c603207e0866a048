import type { Database } from '../core/db/database.ts';
import { isPostgres } from '../core/db/dialect.ts';
import type { SearchEngine } from './engine.types.ts';
import { postgresEngine } from './engine-postgres.ts';
import { sqliteEngine } from './engine-sqlite.ts';

export type { SearchDocument, SearchEngine, SearchFilters, SearchHit } from './engine.types.ts';

export function searchEngineFor(db: Database): SearchEngine {
  return isPostgres(db) ? postgresEngine : sqliteEngine;
}

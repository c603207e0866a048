import type { Database } from '../core/db/database.ts';
import type { AuthorRow } from '../core/db/schema.ts';
import { findAuthorBySlug } from './authors.repository.ts';

/** The author lookups of the public pages. */
export class AuthorsReader {
  constructor(private readonly db: Database) {}

  bySlug(slug: string): Promise<AuthorRow | undefined> {
    return findAuthorBySlug(this.db, slug);
  }
}

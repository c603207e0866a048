import type { Database } from '../core/db/database.ts';
import type { TagRow } from '../core/db/schema.ts';
import { findTagBySlug, findTagRedirect } from './tags.repository.ts';

/** The tag lookups of the public pages and feeds. */
export class TagsReader {
  constructor(private readonly db: Database) {}

  bySlug(slug: string): Promise<TagRow | undefined> {
    return findTagBySlug(this.db, slug);
  }

  /** Where a renamed or merged tag's old slug now leads, if anywhere. */
  movedTo(oldSlug: string): Promise<{ slug: string } | undefined> {
    return findTagRedirect(this.db, oldSlug);
  }
}

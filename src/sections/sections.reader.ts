import type { Database } from '../core/db/database.ts';
import type { Section } from '../core/model.ts';
import { findSectionRedirect } from './sections.repository.ts';
import type { SectionTree } from './sections.service.ts';

/** The section lookups of the public pages that the in-memory tree cannot answer. */
export class SectionsReader {
  constructor(
    private readonly db: Database,
    private readonly tree: SectionTree,
  ) {}

  /** The section a renamed section's old slug now leads to, if it still exists. */
  async movedTo(oldSlug: string): Promise<Section | undefined> {
    const id = await findSectionRedirect(this.db, oldSlug);
    return id === undefined ? undefined : this.tree.get(id);
  }
}

import { type ArticleIndexer, ArticleService } from '../../src/articles/articles.service.ts';
import { insertAuthor } from '../../src/authors/authors.repository.ts';
import type { Dialect } from '../../src/core/db/database.ts';
import { insertSection } from '../../src/sections/sections.repository.ts';
import { SectionTree } from '../../src/sections/sections.service.ts';
import { freshDatabase, type TestDatabase } from './databases.ts';

/**
 * A section: 'slug' or 'parent/slug' (the parent listed before it), named after its slug with a
 * capital; or spelled out where the name or position matters.
 */
export type SectionSpec =
  | string
  | {
      slug: string;
      name: string;
      parent?: string;
      /** Defaults to the section's place in the list. */
      position?: number;
    };

export interface NewsroomSpec {
  sections: SectionSpec[];
  /** Authors by name; each slug is the name in lower case with dashes ('Ana Petrova': ana-petrova). */
  authors: string[];
}

export interface NewsroomDatabase {
  db: TestDatabase;
  /** Loaded after every section was inserted. */
  sections: SectionTree;
}

/** The smallest newsroom an article can be filed in: one section, one author. */
export const NEWS_DESK: NewsroomSpec = { sections: ['news'], authors: ['Ana'] };

function spelledOut(spec: SectionSpec): Exclude<SectionSpec, string> {
  if (typeof spec !== 'string') return spec;
  const [parent, slug] = spec.includes('/') ? spec.split('/') : [undefined, spec];
  return { slug: slug!, name: slug!.charAt(0).toUpperCase() + slug!.slice(1), parent };
}

async function insertNewsroom(db: TestDatabase, spec: NewsroomSpec): Promise<void> {
  const ids = new Map<string, number>();
  for (const [i, s] of spec.sections.map(spelledOut).entries()) {
    const parent_id = s.parent === undefined ? null : ids.get(s.parent);
    // A misspelt parent would otherwise quietly make a root section.
    if (parent_id === undefined)
      throw new Error(`section ${s.slug}: parent ${s.parent} is not listed before it`);
    const row = { slug: s.slug, name: s.name, parent_id, description: '', position: s.position ?? i };
    ids.set(s.slug, await insertSection(db.db, row));
  }
  for (const name of spec.authors) {
    await insertAuthor(db.db, { slug: name.toLowerCase().replace(/\W+/g, '-'), name, bio: '' });
  }
}

/** A fresh, migrated database of the dialect holding the given sections and authors. */
export async function newsroomDatabase(dialect: Dialect, spec: NewsroomSpec): Promise<NewsroomDatabase> {
  const db = await freshDatabase(dialect);
  try {
    await insertNewsroom(db, spec);
    const sections = new SectionTree(db.db);
    await sections.reload();
    return { db, sections };
  } catch (err) {
    // The caller never gets the handle, so nobody else could drop the schema or file.
    await db.dispose();
    throw err;
  }
}

/**
 * The article service over a newsroom database, on the test's clock. Without indexers it keeps the
 * service's own default (the search index and related lists); pass [] for none.
 */
export function articleService(
  newsroom: NewsroomDatabase,
  opts: { now: () => number; indexers?: ArticleIndexer[] },
): ArticleService {
  return new ArticleService({
    db: newsroom.db.db,
    sections: newsroom.sections,
    now: opts.now,
    ...(opts.indexers ? { indexers: opts.indexers } : {}),
  });
}

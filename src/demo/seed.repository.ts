import type { Database } from '../core/db/database.ts';
import { searchEngineFor } from '../search/engine.ts';

/** Removes all content (not the schema). Used by `seed --reset`. Children before parents. */
export async function deleteAllContent(db: Database): Promise<void> {
  await searchEngineFor(db).clear(db);
  await db.deleteFrom('article_views').execute();
  await db.deleteFrom('article_features').execute();
  await db.deleteFrom('feature_counts').execute();
  await db.deleteFrom('article_related').execute();
  await db.deleteFrom('article_tags').execute();
  await db.deleteFrom('article_authors').execute();
  await db.deleteFrom('articles').execute();
  await db.deleteFrom('tags').execute();
  // Accounts outlive the content: their bylines go with the profiles.
  await db.updateTable('users').set({ author_id: null }).where('author_id', 'is not', null).execute();
  await db.deleteFrom('authors').execute();
  await db.updateTable('sections').set({ parent_id: null }).execute();
  await db.deleteFrom('sections').execute();
}

export async function hasContent(db: Database): Promise<boolean> {
  const row = await db.selectFrom('sections').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

import type { Database } from '../core/db/database.ts';

/** A preview link as the newsroom lists it: its hash stands for it (the token itself is never kept). */
export interface PreviewLinkRow {
  token_hash: string;
  article_id: number;
  created_at: number;
  expires_at: number;
  created_by_name: string | null;
}

export async function insertPreviewLink(
  db: Database,
  link: {
    token_hash: string;
    article_id: number;
    created_by: number | null;
    created_at: number;
    expires_at: number;
  },
): Promise<void> {
  await db.insertInto('preview_links').values(link).execute();
}

/** The article a link opens, while it has not expired; undefined for an unknown or expired one. */
export async function findLiveLink(
  db: Database,
  tokenHash: string,
  now: number,
): Promise<{ article_id: number; expires_at: number } | undefined> {
  return db
    .selectFrom('preview_links')
    .select(['article_id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** An article's links that still work, the one expiring last first. */
export async function listLiveLinks(db: Database, articleId: number, now: number): Promise<PreviewLinkRow[]> {
  return db
    .selectFrom('preview_links as p')
    .leftJoin('users as u', 'u.id', 'p.created_by')
    .select(['p.token_hash', 'p.article_id', 'p.created_at', 'p.expires_at', 'u.name as created_by_name'])
    .where('p.article_id', '=', articleId)
    .where('p.expires_at', '>', now)
    .orderBy('p.expires_at', 'desc')
    .execute();
}

/** Removes one of the article's links; false when it names none of them. */
export async function deletePreviewLink(
  db: Database,
  articleId: number,
  tokenHash: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('preview_links')
    .where('article_id', '=', articleId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Drops the article's expired links, which open nothing any more. */
export async function deleteExpiredLinks(db: Database, articleId: number, now: number): Promise<void> {
  await db
    .deleteFrom('preview_links')
    .where('article_id', '=', articleId)
    .where('expires_at', '<=', now)
    .execute();
}

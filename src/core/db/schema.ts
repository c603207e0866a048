import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Table types for Kysely. Times are UTC epoch milliseconds (bigint on PostgreSQL, integer on SQLite):
 * one representation on both dialects, compared and indexed as numbers.
 */
export interface SectionTable {
  id: Generated<number>;
  slug: string;
  name: string;
  parent_id: number | null;
  description: string;
  position: number;
}

export interface AuthorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export const ARTICLE_KINDS = ['staff', 'reader', 'brief', 'analysis', 'wire'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];
export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface ArticleTable {
  id: Generated<number>;
  slug: string;
  headline: string;
  place: string | null;
  lede: string;
  /** Sanitised HTML: only the service writes it, after sanitising. */
  body: string;
  section_id: number;
  /** The top-level section (itself when the section has no parent), so a parent's listing is one index range. */
  root_section_id: number;
  kind: ArticleKind;
  status: ArticleStatus;
  breaking: number;
  published_at: number | null;
  created_at: number;
  updated_at: number;
  view_count: Generated<number>;
}

/** Join tables carry the article's publish time (null unless published) so listings page through one index. */
export interface ArticleTagTable {
  article_id: number;
  tag_id: number;
  position: number;
  published_at: number | null;
}

export interface ArticleAuthorTable {
  article_id: number;
  author_id: number;
  position: number;
  published_at: number | null;
}

export interface ArticleRelatedTable {
  article_id: number;
  related_id: number;
  rank: number;
}

export interface DB {
  sections: SectionTable;
  authors: AuthorTable;
  tags: TagTable;
  articles: ArticleTable;
  article_tags: ArticleTagTable;
  article_authors: ArticleAuthorTable;
  article_related: ArticleRelatedTable;
}

export type SectionRow = Selectable<SectionTable>;
export type AuthorRow = Selectable<AuthorTable>;
export type TagRow = Selectable<TagTable>;
export type ArticleRow = Selectable<ArticleTable>;
export type NewArticleRow = Insertable<ArticleTable>;

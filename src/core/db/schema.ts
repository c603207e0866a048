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
  /** e.g. "Foreign correspondent"; '' when none. */
  title: Generated<string>;
  photo_media_id: number | null;
  /** JSON: [{ label, url }]. */
  links: Generated<string>;
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
  version: Generated<number>;
  created_by: number | null;
  scheduled_at: number | null;
  lead_media_id: number | null;
}

export interface MediaTable {
  id: Generated<number>;
  storage_key: string;
  original_name: string;
  format: 'jpeg' | 'png' | 'webp';
  width: number;
  height: number;
  bytes: number;
  focal_x: number;
  focal_y: number;
  alt: string;
  caption: string;
  created_by: number | null;
  created_at: number;
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
  /** Similarity when ranked; an older article's list takes a new one only if it scores higher. */
  score: Generated<number>;
}

export interface ArticleFeatureTable {
  article_id: number;
  feature: string;
  published_at: number;
}

export interface FeatureCountTable {
  feature: string;
  articles: number;
}

export interface ArticleViewTable {
  /** Hours since the epoch (UTC). */
  hour: number;
  article_id: number;
  views: number;
}

/** The FTS5 table on SQLite (rowid = article id); PostgreSQL has (article_id, document). */
export interface ArticleSearchTable {
  rowid: number;
  article_id: number;
  headline: string;
  lede: string;
  body: string;
  tags: string;
}

export const ROLES = ['admin', 'editor', 'reporter', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  author_id: number | null;
  /** 1 for an account given a one-time password: it must choose its own at first login. */
  must_change_password: Generated<number>;
  disabled: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface SessionTable {
  /** sha256 of the cookie value: a leaked table does not leak sessions. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  user_id: number | null;
  action: string;
  subject: string | null;
  details: string;
  ip: string | null;
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  saved_at: number;
  saved_by: number | null;
  status: string;
  content: string;
}

export interface ArticleCommentTable {
  id: Generated<number>;
  article_id: number;
  user_id: number;
  body: string;
  created_at: number;
}

export interface ArticleCorrectionTable {
  id: Generated<number>;
  article_id: number;
  note: string;
  created_at: number;
  user_id: number | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  first_at: number;
  locked_until: number | null;
}

export interface JobLeaseTable {
  name: string;
  holder: string;
  expires_at: number;
}

/** A link that shows an unpublished article to anyone holding it, until it expires. */
export interface PreviewLinkTable {
  token_hash: string;
  article_id: number;
  created_by: number | null;
  created_at: number;
  expires_at: number;
}

export interface HomePinTable {
  article_id: number;
  position: number;
}

export interface SlugRedirectTable {
  old_slug: string;
  section_id: number;
}

export interface TagRedirectTable {
  old_slug: string;
  tag_id: number;
}

export interface AuthorRedirectTable {
  old_slug: string;
  author_id: number;
}

export interface DB {
  home_pins: HomePinTable;
  preview_links: PreviewLinkTable;
  section_redirects: SlugRedirectTable;
  tag_redirects: TagRedirectTable;
  author_redirects: AuthorRedirectTable;
  media: MediaTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  article_revisions: ArticleRevisionTable;
  article_comments: ArticleCommentTable;
  article_corrections: ArticleCorrectionTable;
  job_leases: JobLeaseTable;
  login_throttle: LoginThrottleTable;
  sections: SectionTable;
  authors: AuthorTable;
  tags: TagTable;
  articles: ArticleTable;
  article_tags: ArticleTagTable;
  article_authors: ArticleAuthorTable;
  article_related: ArticleRelatedTable;
  article_features: ArticleFeatureTable;
  feature_counts: FeatureCountTable;
  article_views: ArticleViewTable;
  article_search: ArticleSearchTable;
}

export type SectionRow = Selectable<SectionTable>;
export type AuthorRow = Selectable<AuthorTable>;
export type TagRow = Selectable<TagTable>;
export type ArticleRow = Selectable<ArticleTable>;
export type NewArticleRow = Insertable<ArticleTable>;
export type UserRow = Selectable<UserTable>;
export type MediaRow = Selectable<MediaTable>;

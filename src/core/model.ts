/**
 * The shapes the plumbing (rendering, caching) shows without knowing the features that make them:
 * an article as listings show it, and a section of the tree.
 */

/** An article as a listing shows it. */
export interface ArticleSummary {
  id: number;
  slug: string;
  headline: string;
  place: string | null;
  lede: string;
  section_id: number;
  kind: string;
  breaking: number;
  published_at: number;
  view_count: number;
}

/** A section of the tree, with its parent and children. */
export interface Section {
  id: number;
  slug: string;
  name: string;
  description: string;
  parent: Section | null;
  children: Section[];
}

/** A feed format a page can link to with <link rel="alternate">. */
export interface FeedLink {
  file: string;
  contentType: string;
  title: string;
}

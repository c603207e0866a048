export type DemoKind = 'staff' | 'reader' | 'brief' | 'analysis' | 'wire';

export interface DemoSection {
  slug: string;
  name: string;
  parent?: string;
  description: string;
}

export interface DemoAuthor {
  slug: string;
  name: string;
  bio: string;
}

export interface DemoArticle {
  headline: string; // without the place; plain text
  place?: string; // place dateline, e.g. "Bulgaria", "Kyiv", "Brussels"; rendered as "Bulgaria: headline"
  lede: string; // one sentence, plain text
  body: string[]; // 3 to 5 paragraphs, plain text, 2-4 sentences each
  section: string; // a section slug (must exist in demoSections; prefer child sections)
  tags: string[]; // 2 to 5 tag NAMES, e.g. ["Ukraine", "Russia", "NATO"]
  authors: string[]; // 1-2 author slugs
  kind: DemoKind;
  daysAgo: number; // 0..29
  time: string; // "HH:MM" 24h local Sofia time
  breaking?: boolean;
}

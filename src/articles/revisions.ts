import { diffWords } from 'diff';
import { plainText } from '../core/sanitize.ts';
import type { ArticleContent } from './articles.schema.ts';

export interface FieldDiff {
  field: string;
  parts: { value: string; added?: boolean; removed?: boolean }[];
  changed: boolean;
}

const LABELS: [keyof ArticleContent, string][] = [
  ['headline', 'Headline'],
  ['place', 'Place'],
  ['lede', 'Lede'],
  ['section', 'Section'],
  ['kind', 'Kind'],
];

/** Body HTML as readable text, one paragraph per line, so the diff shows words, not markup. */
export function bodyText(html: string): string {
  return html
    .split(/<\/(?:p|h2|h3|h4|li|blockquote|figcaption)>/i)
    .map((chunk) => plainText(chunk))
    .filter(Boolean)
    .join('\n');
}

/** A word-level diff of two saved versions, field by field. */
export function diffRevisions(a: ArticleContent, b: ArticleContent): FieldDiff[] {
  const out: FieldDiff[] = [];
  const add = (field: string, x: string, y: string) => {
    const parts = diffWords(x, y);
    out.push({ field, parts, changed: parts.some((p) => p.added || p.removed) });
  };
  for (const [key, label] of LABELS) add(label, String(a[key] ?? ''), String(b[key] ?? ''));
  add('Tags', (a.tags ?? []).join(', '), (b.tags ?? []).join(', '));
  add('Authors', (a.authors ?? []).join(', '), (b.authors ?? []).join(', '));
  add('Breaking', a.breaking ? 'yes' : 'no', b.breaking ? 'yes' : 'no');
  add('Body', bodyText(a.body ?? ''), bodyText(b.body ?? ''));
  return out;
}

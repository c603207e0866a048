import { diffWords } from 'diff';
import type { ArticleContent, ArticleContentInput } from '../articles/articles.schema.ts';
import { bodyText } from '../articles/revisions.ts';

/**
 * Two people saved one article: what the newsroom shows and how it merges. Their version is what is
 * stored now; yours is what your form held. Each field that differs can be kept as theirs or taken
 * from yours; a save made that way checks against their version, so the next save works.
 */

/** The article's fields as the conflict screen lists them: content key, label, the editor's input. */
export const CONFLICT_FIELDS = [
  ['headline', 'Headline', 'headline'],
  ['slug', 'Address (slug)', 'slug'],
  ['place', 'Place dateline', 'place'],
  ['lede', 'Lede', 'lede'],
  ['body', 'Body', 'body'],
  ['section', 'Section', 'section'],
  ['tags', 'Tags', 'tags'],
  ['authors', 'Authors', 'authors'],
  ['kind', 'Kind', 'kind'],
  ['breaking', 'Breaking news', 'breaking'],
  ['leadImage', 'Lead image', 'lead_image'],
] as const;

export type ConflictField = (typeof CONFLICT_FIELDS)[number][0];

export interface FieldConflict {
  key: ConflictField;
  label: string;
  /** The editor input that carries the field, for the hidden copy of yours and the choice. */
  input: string;
  theirs: string;
  yours: string;
  /** Word diff from theirs to yours: removed words are theirs only, added words yours only. */
  parts: { value: string; added?: boolean; removed?: boolean }[];
}

/** A field as readable text for the side-by-side view. */
function shown(c: ArticleContentInput, key: ConflictField): string {
  const v = c[key];
  if (key === 'body') return bodyText(String(v ?? ''));
  if (key === 'breaking') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.join(', ');
  return v === null || v === undefined ? '' : String(v);
}

/** The fields where yours differs from theirs (a slug you left empty keeps theirs, so never differs). */
export function conflictingFields(theirs: ArticleContent, yours: ArticleContentInput): FieldConflict[] {
  const out: FieldConflict[] = [];
  for (const [key, label, input] of CONFLICT_FIELDS) {
    if (key === 'slug' && !yours.slug) continue;
    const a = shown(theirs, key);
    const b = shown(yours, key);
    if (a === b) continue;
    out.push({ key, label, input, theirs: a, yours: b, parts: diffWords(a, b) });
  }
  return out;
}

/**
 * Their content with the chosen fields taken from yours. `fromYours` names content keys; keys that
 * are not fields of the article are ignored.
 */
export function mergeContent(
  theirs: ArticleContent,
  yours: ArticleContentInput,
  fromYours: readonly string[],
): ArticleContentInput {
  const merged: ArticleContentInput = { ...theirs };
  const known = new Set<string>(CONFLICT_FIELDS.map(([key]) => key));
  for (const key of fromYours) {
    if (!known.has(key)) continue;
    (merged as Record<string, unknown>)[key] = yours[key as ConflictField];
  }
  return merged;
}

import { fold } from '../core/text.ts';

/**
 * The reader's search box, parsed into a small structure both full-text engines understand. Only
 * words (letters and digits) survive; operators, punctuation and engine syntax are never passed
 * through, so no query can be an injection or a syntax error in FTS5 or tsquery.
 *
 *   ukraine grain        both words (stemmed: "sanctions" finds "sanction")
 *   "north korea"        the words next to each other, in this order
 *   ukrain*              any word starting with "ukrain" (at least two characters before *)
 */
export type Clause = { kind: 'term'; word: string; prefix: boolean } | { kind: 'phrase'; words: string[] };

export interface ParsedQuery {
  clauses: Clause[];
  /** Every word of the query, for highlighting. */
  words: { word: string; prefix: boolean }[];
}

export const MAX_QUERY_CHARS = 200;
export const MAX_CLAUSES = 8;
const MAX_WORD_CHARS = 40;
const MAX_PHRASE_WORDS = 6;

export class QueryError extends Error {}

const WORD = /[\p{L}\p{N}]+/gu;

/** A word cut to its first characters: whole code points, as half a surrogate pair is no letter. */
function cut(w: string): string {
  return w.length <= MAX_WORD_CHARS ? w : Array.from(w).slice(0, MAX_WORD_CHARS).join('');
}

function wordsOf(s: string): string[] {
  return (fold(s).match(WORD) ?? []).map(cut);
}

/** Parses a query; throws QueryError with a reader-facing message when it is too long. */
export function parseQuery(raw: string): ParsedQuery {
  if (raw.length > MAX_QUERY_CHARS) {
    throw new QueryError(`Search for at most ${MAX_QUERY_CHARS} characters.`);
  }
  const clauses: Clause[] = [];
  // Quoted parts are phrases; an unbalanced quote just ends at the end of the query.
  const parts = raw.split('"');
  parts.forEach((part, i) => {
    const quoted = i % 2 === 1;
    if (quoted) {
      const words = wordsOf(part).slice(0, MAX_PHRASE_WORDS);
      if (words.length === 1) clauses.push({ kind: 'term', word: words[0]!, prefix: false });
      else if (words.length > 1) clauses.push({ kind: 'phrase', words });
      return;
    }
    for (const m of fold(part).matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
      const word = cut(m[1]!);
      // A one-letter prefix would match half the dictionary.
      const prefix = m[2] === '*' && word.length >= 2;
      clauses.push({ kind: 'term', word, prefix });
    }
  });
  const kept = dedupe(clauses).slice(0, MAX_CLAUSES);
  return {
    clauses: kept,
    words: kept.flatMap((c) =>
      c.kind === 'term'
        ? [{ word: c.word, prefix: c.prefix }]
        : c.words.map((w) => ({ word: w, prefix: false })),
    ),
  };
}

function dedupe(clauses: Clause[]): Clause[] {
  const seen = new Set<string>();
  return clauses.filter((c) => {
    const key = c.kind === 'term' ? `${c.word}${c.prefix ? '*' : ''}` : `"${c.words.join(' ')}"`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The query in the engines' own syntax. Words are letters and digits only, so quoting is safe. */
export function toFts5(q: ParsedQuery, join: ' AND ' | ' OR ' = ' AND '): string {
  return q.clauses
    .map((c) => (c.kind === 'term' ? `"${c.word}"${c.prefix ? '*' : ''}` : `"${c.words.join(' ')}"`))
    .join(join);
}

export function toTsquery(q: ParsedQuery): string {
  return q.clauses
    .map((c) =>
      c.kind === 'term'
        ? `'${c.word}'${c.prefix ? ':*' : ''}`
        : `(${c.words.map((w) => `'${w}'`).join(' <-> ')})`,
    )
    .join(' & ');
}

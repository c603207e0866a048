import { fold, stem } from '../core/text.ts';
import type { ParsedQuery } from './query.ts';

/** A snippet as text runs; `hit` runs are shown marked. Rendering escapes them like any text. */
export type Snippet = { text: string; hit: boolean }[];

const SNIPPET_WORDS = 36;
const LEAD_WORDS = 10;

/** Whether a word of the text is one of the query's words (or a form of it). */
export function wordMatcher(q: ParsedQuery): (word: string) => boolean {
  const exact = new Set(q.words.filter((w) => !w.prefix).map((w) => stem(w.word)));
  const prefixes = q.words.filter((w) => w.prefix).map((w) => w.word);
  return (word) => {
    // Folding (accents off) only when the word has any; lower case is enough otherwise.
    const f = /^[\w']*$/.test(word) ? word.toLowerCase() : fold(word);
    return exact.has(stem(f)) || prefixes.some((p) => f.startsWith(p));
  };
}

/** A quick pass over the raw text for where the first word that could match starts. */
function candidateFinder(q: ParsedQuery): (text: string) => number {
  const parts = q.words.map((w) => (w.prefix ? w.word : stem(w.word)).replace(/[^\p{L}\p{N}]/gu, ''));
  const alternatives = parts.filter(Boolean);
  if (alternatives.length === 0) return () => -1;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'iu');
  return (text) => re.exec(text)?.index ?? -1;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * About 36 words of the text around the first place the query's words appear, with those words
 * marked; the opening words when none appear (a match in the tags, say). Only the neighbourhood
 * of the first match is tokenised, so a long body costs no more than a short one.
 */
export function makeSnippet(text: string, q: ParsedQuery): Snippet {
  return snippetMaker(q)(text);
}

/** The same, prepared once per query for many texts. */
export function snippetMaker(q: ParsedQuery): (text: string) => Snippet {
  const isHit = wordMatcher(q);
  const find = candidateFinder(q);
  return (text) => snippetOf(text, isHit, find(text));
}

function snippetOf(text: string, isHit: (w: string) => boolean, at: number): Snippet {
  // A window of characters that surely holds the words before and after the match.
  const from = at > 0 ? Math.max(0, at - LEAD_WORDS * 20) : 0;
  const region = text.slice(from, from + SNIPPET_WORDS * 25 + LEAD_WORDS * 20);
  const words = [...region.matchAll(WORD)];
  if (words.length === 0) return [];
  // The window may open mid-word: drop a partial first word.
  if (from > 0 && words[0]!.index === 0) words.shift();
  if (words.length === 0) return [];
  let first = words.findIndex((m) => isHit(m[0]));
  if (first < 0) first = 0;
  const startWord = Math.max(0, first - LEAD_WORDS);
  const endWord = Math.min(words.length, startWord + SNIPPET_WORDS);
  const start = words[startWord]!.index!;
  const last = words[endWord - 1]!;
  const end = last.index! + last[0].length;
  const out: Snippet = [];
  const push = (s: string, hit: boolean) => {
    if (!s) return;
    const prev = out[out.length - 1];
    if (prev && prev.hit === hit) prev.text += s;
    else out.push({ text: s, hit });
  };
  if (from + start > 0) push('… ', false);
  let pos = start;
  for (let i = startWord; i < endWord; i++) {
    const m = words[i]!;
    push(region.slice(pos, m.index), false);
    push(m[0], isHit(m[0]));
    pos = m.index! + m[0].length;
  }
  if (from + end < text.length) push(' …', false);
  else push(region.slice(pos), false);
  return out;
}

/** For the JSON API: the snippet as HTML with the hits in <mark>, everything else escaped. */
export function snippetHtml(s: Snippet): string {
  const esc = (t: string) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return s.map((r) => (r.hit ? `<mark>${esc(r.text)}</mark>` : esc(r.text))).join('');
}

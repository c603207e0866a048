import { fold, type ParsedQuery } from './query.ts';

/** A snippet as text runs; `hit` runs are shown marked. Rendering escapes them like any text. */
export type Snippet = { text: string; hit: boolean }[];

const SNIPPET_WORDS = 36;
const LEAD_WORDS = 10;

/** A light stemmer, only to decide what to highlight: "sanctions" and "sanctioned" mark "sanction". */
function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'es', 's', 'e']) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

function matcher(q: ParsedQuery): (word: string) => boolean {
  const exact = new Set(q.words.filter((w) => !w.prefix).map((w) => stem(w.word)));
  const prefixes = q.words.filter((w) => w.prefix).map((w) => w.word);
  return (word) => {
    const f = fold(word);
    return exact.has(stem(f)) || prefixes.some((p) => f.startsWith(p));
  };
}

/**
 * About 36 words of the text around the first place the query's words appear, with those words
 * marked; the opening words when none appear (a match in the tags, say).
 */
export function makeSnippet(text: string, q: ParsedQuery): Snippet {
  const isHit = matcher(q);
  const words = [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)];
  if (words.length === 0) return [];
  let first = words.findIndex((m) => isHit(m[0]));
  if (first < 0) first = 0;
  const startWord = Math.max(0, first - LEAD_WORDS);
  const endWord = Math.min(words.length, startWord + SNIPPET_WORDS);
  const start = words[startWord]!.index!;
  const last = words[endWord - 1]!;
  const end = endWord === words.length ? text.length : last.index! + last[0].length;
  const out: Snippet = [];
  const push = (s: string, hit: boolean) => {
    if (!s) return;
    const prev = out[out.length - 1];
    if (prev && prev.hit === hit) prev.text += s;
    else out.push({ text: s, hit });
  };
  if (startWord > 0) push('… ', false);
  let pos = start;
  for (let i = startWord; i < endWord; i++) {
    const m = words[i]!;
    push(text.slice(pos, m.index), false);
    push(m[0], isHit(m[0]));
    pos = m.index! + m[0].length;
  }
  push(text.slice(pos, end), false);
  if (end < text.length) push(' …', false);
  return out;
}

/** For the JSON API: the snippet as HTML with the hits in <mark>, everything else escaped. */
export function snippetHtml(s: Snippet): string {
  const esc = (t: string) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return s.map((r) => (r.hit ? `<mark>${esc(r.text)}</mark>` : esc(r.text))).join('');
}

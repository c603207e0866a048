import { fold, stem } from '../core/text.ts';

/**
 * What an article is about, as features shared between articles on one story:
 *   t:<tag id>        its tags
 *   e:<name>          named entities: people, places, organisations, acronyms (proper-noun phrases)
 *   w:<stem>          its most distinctive words (the text-similarity part)
 * Extraction is plain string work, a fraction of a millisecond per article, so it runs inside the
 * publish transaction; the slower linguistic tagger (compromise) is used only for editor suggestions.
 */
export const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves said says say saying told new one two three four five six seven eight nine ten first last year ' +
    'years month months week weeks day days today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday ' +
    'january february march april may june july august september october november december percent per cent million billion ' +
    'many much several since still well would could should might must us while already according including however ' +
    'officials official spokesperson spokesman spokeswoman statement reporters asked added expected likely later earlier ' +
    'mr mrs ms dr time times people government minister ministry morning evening night'
  ).split(/\s+/),
);

const CONNECTORS = new Set(['of', 'de', 'the', 'for', 'and', 'on']);
const MAX_ENTITY_WORDS = 4;

function normalEntity(words: string[]): string {
  return fold(words.join(' '))
    .replace(/['’]s$/u, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

/**
 * Proper-noun phrases: runs of capitalised words (with "of", "the" and the like inside them, as in
 * "Port of Varna") and acronyms. A capitalised word that only opens a sentence and is otherwise an
 * ordinary word ("The", "Officials") is not a name.
 */
export function entities(text: string): string[] {
  const tokens = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*|[.!?:;"“”]/gu)].map((m) => m[0]);
  const lowerSeen = new Set<string>();
  for (const t of tokens) if (/^\p{Ll}/u.test(t)) lowerSeen.add(t);
  const out = new Map<string, number>();
  let run: string[] = [];

  const flush = () => {
    while (run.length && CONNECTORS.has(run[run.length - 1]!.toLowerCase())) run.pop();
    if (run.length) {
      const single = run.length === 1 ? run[0]! : undefined;
      const base = single?.replace(/['’]s$/u, '');
      const ordinary =
        single !== undefined &&
        (STOPWORDS.has(base!.toLowerCase()) ||
          (lowerSeen.has(base!.toLowerCase()) && !/^\p{Lu}{2,}$/u.test(base!)));
      if (!ordinary) {
        const e = normalEntity(run.slice(0, MAX_ENTITY_WORDS));
        if (e.length >= 2) out.set(e, (out.get(e) ?? 0) + 1);
      }
    }
    run = [];
  };
  for (const t of tokens) {
    if (/^[.!?:;"“”]$/.test(t)) {
      flush();

      continue;
    }
    const capital = /^\p{Lu}/u.test(t);
    if (capital) {
      // "The" opening a sentence does not start a name ("The Port of Varna" -> "Port of Varna").
      if (!(run.length === 0 && STOPWORDS.has(t.toLowerCase()))) run.push(t);
    } else if (run.length && CONNECTORS.has(t) && run.length < MAX_ENTITY_WORDS) {
      run.push(t);
    } else {
      flush();
    }
  }
  flush();
  return [...out.entries()].sort((a, b) => b[1] - a[1]).map(([e]) => e);
}

/** Content words with their counts: folded, stop words and numbers dropped, stemmed. */
export function contentWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of fold(text).matchAll(/\p{L}[\p{L}'’]*/gu)) {
    const w = m[0].replace(/['’]s?$/u, '');
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    const s = stem(w);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
}

export interface FeatureInput {
  headline: string;
  place: string | null;
  lede: string;
  /** Plain text of the body. */
  body: string;
  tagIds: number[];
}

/** Caps that keep every article's feature set about the same size (and each publish cheap). */
export const MAX_ENTITIES = 12;
export const MAX_WORDS = 12;
/** Only the opening of a long body is read: a news story says what it is about early. */
const BODY_CHARS = 3000;

/**
 * Features before rarity is known: tags, the most frequent entities, and candidate words with a
 * weight (headline words count three times, lede twice). The caller keeps the rarest words.
 */
export function rawFeatures(a: FeatureInput): { fixed: string[]; words: Map<string, number> } {
  const body = a.body.slice(0, BODY_CHARS);
  const text = `${a.place ? `${a.place}. ` : ''}${a.headline}. ${a.lede} ${body}`;
  const ents = entities(text).slice(0, MAX_ENTITIES);
  const words = new Map<string, number>();
  const add = (m: Map<string, number>, k: number) => {
    for (const [w, n] of m) words.set(w, (words.get(w) ?? 0) + n * k);
  };
  add(contentWords(a.headline), 3);
  add(contentWords(a.lede), 2);
  add(contentWords(body), 1);
  return {
    fixed: [...a.tagIds.map((t) => `t:${t}`), ...ents.map((e) => `e:${e}`)],
    words,
  };
}

import { fold } from '../core/text.ts';

/**
 * Tag and dateline suggestions for the article editor. People, places and organisations come from
 * compromise (a rule-based English tagger, a few milliseconds per article); it misses acronyms and
 * many organisation names, so the existing tag vocabulary is matched against the text as well,
 * and capitalised name phrases fill in. Existing tags are offered first, new ones second.
 */
export interface Suggestions {
  tags: { name: string; existing: boolean }[];
  place: string | null;
}

const TEXT_CHARS = 4000;
const MAX_EXISTING = 8;
const MAX_NEW = 6;
const MAX_NGRAM = 4;

/** Existing tag names by folded name, for matching text against them. */
export class TagVocabulary {
  private readonly byKey = new Map<string, string>();
  constructor(names: string[]) {
    for (const n of names) this.byKey.set(key(n), n);
  }
  get(name: string): string | undefined {
    return this.byKey.get(key(name));
  }
  get size(): number {
    return this.byKey.size;
  }
}

function key(s: string): string {
  return fold(s)
    .replace(/['’]s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Cleans compromise's matches: trailing punctuation and possessives off. */
function clean(s: string): string {
  return s
    .replace(/['’]s\b/g, '')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^(the|a|an)\s+/i, '')
    .replace(
      /^(president|prime minister|minister|general|secretary general|mayor|mr|mrs|ms|dr)\s+(?=\p{Lu})/iu,
      '',
    )
    .trim();
}

type Nlp = typeof import('compromise').default;
let nlpModule: Promise<Nlp> | undefined;
/** compromise is loaded on first use, so it costs the server's start nothing. */
function loadNlp(): Promise<Nlp> {
  nlpModule ??= import('compromise').then((m) => m.default);
  return nlpModule;
}

export async function suggestTags(
  input: { headline: string; lede: string; body: string; current?: string[] },
  vocabulary: TagVocabulary,
): Promise<Suggestions> {
  const nlp = await loadNlp();
  const text = `${input.headline}. ${input.lede} ${input.body}`.slice(0, TEXT_CHARS);
  const taken = new Set((input.current ?? []).map(key));
  const score = new Map<string, { name: string; existing: boolean; score: number }>();
  const add = (raw: string, weight: number) => {
    const name = clean(raw);
    if (name.length < 2 || name.length > 60 || taken.has(key(name))) return;
    const known = vocabulary.get(name);
    const k = key(known ?? name);
    if (!k) return;
    const entry = score.get(k) ?? { name: known ?? name, existing: known !== undefined, score: 0 };
    entry.score += weight;
    score.set(k, entry);
  };

  // 1. The vocabulary: every 1- to 4-word run of the text that is an existing tag (NATO, EU, Black Sea).
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const headlineWords = (input.headline.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= MAX_NGRAM && i + n <= words.length; n++) {
      const phrase = words.slice(i, i + n).join(' ');
      if (vocabulary.get(phrase)) add(phrase, i < headlineWords ? 3 : 1);
    }
  }
  // 2. compromise: people, places, organisations.
  const doc = nlp(text);
  const places = (doc.places().out('array') as string[]).map(clean).filter(Boolean);
  for (const list of [doc.people().out('array'), places, doc.organizations().out('array')] as string[][]) {
    for (const e of list) add(e, 1);
  }
  // 3. Name phrases compromise may not know (acronyms, institutions), as new tags only when repeated.
  for (const m of text.matchAll(
    /\b(\p{Lu}[\p{L}'’-]*(?:\s+(?:of|the|for|and)?\s*\p{Lu}[\p{L}'’-]*){0,3}|\p{Lu}{2,})\b/gu,
  )) {
    const phrase = clean(m[0]);
    if (vocabulary.get(phrase)) continue;
    const count = text.split(phrase).length - 1;
    if (count >= 2 && (/\s/.test(phrase) || /^\p{Lu}{2,}$/u.test(phrase))) add(phrase, 0.5);
  }

  const ranked = [...score.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const existing = ranked.filter((r) => r.existing).slice(0, MAX_EXISTING);
  const fresh = ranked.filter((r) => !r.existing).slice(0, MAX_NEW);
  // The dateline: the first place the story names (headline, then lede, then body).
  const firstPlace = places
    .map((p) => ({ p, at: text.indexOf(p) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)[0]?.p;
  return {
    tags: [...existing, ...fresh].map(({ name, existing }) => ({ name, existing })),
    place: firstPlace ?? null,
  };
}

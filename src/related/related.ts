/**
 * Related-article scoring, pure so the publish path, the refresh of older articles, the bulk
 * generator and the evaluation all rank the same way.
 *
 * Two articles are related by the features they share, each weighted by its kind and by how rare
 * it is (inverse document frequency): a shared "Port of Varna" says far more than a shared
 * "Bulgaria". Articles close in time get a mild boost, so among equals the nearer story wins.
 * The score is symmetric, which lets a new article take its place in older articles' lists
 * without recomputing them.
 */
export const RELATED_COUNT = 6;
/** Below this, articles share too little to be called related (about one rare entity). */
export const MIN_SCORE = 3;
/** Recent articles read per feature when looking for candidates. */
export const CANDIDATES_PER_FEATURE = 40;
/** Features (rarest first) used to look for candidates. */
export const LOOKUP_FEATURES = 16;

const KIND_WEIGHT: Record<string, number> = { t: 1.2, e: 1.5, w: 0.5 };
const DAY = 86_400_000;

export function featureWeight(feature: string, df: number, total: number): number {
  const kind = KIND_WEIGHT[feature[0]!] ?? 1;
  return kind * Math.log(1 + Math.max(total, 1) / Math.max(df, 1));
}

export function timeFactor(a: number, b: number): number {
  return 0.75 + 0.25 / (1 + Math.abs(a - b) / (7 * DAY));
}

export interface Scored {
  id: number;
  score: number;
  publishedAt: number;
}

/** Best first; ties go to the more recent article, then the higher id. */
export function byScore(a: Scored, b: Scored): number {
  return b.score - a.score || b.publishedAt - a.publishedAt || b.id - a.id;
}

/**
 * Scores candidates from the features each shares with the target.
 * `shared` maps candidate id to its shared features; weights are per feature.
 */
export function scoreCandidates(
  target: { id: number; publishedAt: number },
  shared: Map<number, { publishedAt: number; features: string[] }>,
  weight: (feature: string) => number,
): Scored[] {
  const out: Scored[] = [];
  for (const [id, c] of shared) {
    if (id === target.id) continue;
    let s = 0;
    for (const f of c.features) s += weight(f);
    s *= timeFactor(target.publishedAt, c.publishedAt);
    if (s >= MIN_SCORE) out.push({ id, score: s, publishedAt: c.publishedAt });
  }
  return out.sort(byScore);
}

/**
 * An older article's list after a new article scored `s` against it: the new one goes in if the
 * list has room or it beats the weakest entry. Returns null when nothing changes.
 */
export function mergeIntoList(list: Scored[], candidate: Scored): Scored[] | null {
  if (list.some((x) => x.id === candidate.id)) {
    const rest = list.filter((x) => x.id !== candidate.id);
    return [...rest, candidate].sort(byScore).slice(0, RELATED_COUNT);
  }
  if (list.length >= RELATED_COUNT && byScore(candidate, list[list.length - 1]!) >= 0) return null;
  return [...list, candidate].sort(byScore).slice(0, RELATED_COUNT);
}

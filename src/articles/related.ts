/**
 * Related articles, first version: more shared tags first, then the same section, then the most
 * recent. Pure, so the publish path and the bulk generator rank the same way.
 */
export interface RelatedCandidate {
  id: number;
  shared: number;
  sectionId: number;
  publishedAt: number;
}

export function rankRelated(
  target: { id: number; sectionId: number },
  candidates: Iterable<RelatedCandidate>,
  limit: number,
): number[] {
  const list = [...candidates].filter((c) => c.id !== target.id);
  list.sort(
    (a, b) =>
      b.shared - a.shared ||
      Number(b.sectionId === target.sectionId) - Number(a.sectionId === target.sectionId) ||
      b.publishedAt - a.publishedAt ||
      b.id - a.id,
  );
  return list.slice(0, limit).map((c) => c.id);
}

/** How many recent articles per tag are considered: bounds the work per publish at any archive size. */
export const CANDIDATES_PER_TAG = 60;
export const RELATED_COUNT = 6;

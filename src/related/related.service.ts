import type { ArticleIndexer } from '../articles/indexer.ts';
import type { Database } from '../core/db/database.ts';
import { htmlToText } from '../core/text.ts';
import { MAX_WORDS, rawFeatures } from './features.ts';
import * as repo from './related.repository.ts';
import {
  CANDIDATES_PER_FEATURE,
  featureWeight,
  LOOKUP_FEATURES,
  mergeIntoList,
  RELATED_COUNT,
  type Scored,
  scoreCandidates,
} from './related.ts';

/** Candidates scored exactly (on every shared feature), from the best by the lookup features. */
const EXACT_CANDIDATES = 80;
/** Older articles whose lists a new article may enter, best-scoring first. */
const REFRESH_COUNT = 30;

/**
 * Keeps articles' features and related lists current. Runs inside the transaction that publishes,
 * updates or withdraws an article, so the lists change in the same commit as the article.
 */
export class RelatedService implements ArticleIndexer {
  /**
   * Rebuilds every feature and list by replaying the archive's publishes in order (each one also
   * enters the older articles' lists, as it did live). Reports progress after each batch.
   */
  async rebuild(db: Database, onProgress?: (done: number) => void): Promise<number> {
    await repo.clearAll(db);
    let after = { at: -1, id: 0 };
    let done = 0;
    for (;;) {
      const batch = await repo.publishedInOrder(db, after, 500);
      if (batch.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const a of batch) await this.articleChanged(trx, a.id);
      });
      done += batch.length;
      const last = batch[batch.length - 1]!;
      after = { at: last.published_at ?? 0, id: last.id };
      onProgress?.(done);
    }
    return done;
  }

  /** A tag merged into another: its feature becomes the other's, in one transaction. */
  async tagMerged(db: Database, sourceId: number, targetId: number): Promise<void> {
    await db.transaction().execute((trx) => repo.renameFeature(trx, `t:${sourceId}`, `t:${targetId}`));
  }

  async articleChanged(db: Database, id: number): Promise<{ pages: number[] }> {
    const a = await repo.articleForFeatures(db, id);
    const old = await repo.featuresOf(db, id);
    if (old.length) {
      await repo.deleteFeatures(db, id);
      await repo.bumpCounts(db, [...old, repo.TOTAL], -1);
    }
    if (a?.status !== 'published' || a.published_at == null) {
      await repo.replaceRelated(db, id, []);
      await repo.removeFromLists(db, id);
      return { pages: [] };
    }
    const publishedAt = a.published_at;
    const raw = rawFeatures({
      headline: a.headline,
      place: a.place,
      lede: a.lede,
      body: htmlToText(a.body),
      tagIds: a.tagIds,
    });
    const wordFeatures = [...raw.words.keys()].map((w) => `w:${w}`);
    const known = await repo.counts(db, [...raw.fixed, ...wordFeatures, repo.TOTAL]);
    // Counts as they are once this article is in.
    const total = (known.get(repo.TOTAL) ?? 0) + 1;
    const df = (f: string) => (known.get(f) ?? 0) + 1;
    const weight = (f: string) => featureWeight(f, df(f), total);
    const words = [...raw.words]
      .map(([w, tf]) => ({ f: `w:${w}`, s: tf * weight(`w:${w}`) }))
      .sort((x, y) => y.s - x.s || (x.f < y.f ? -1 : 1))
      .slice(0, MAX_WORDS)
      .map((x) => x.f);
    const features = [...new Set([...raw.fixed, ...words])];
    await repo.insertFeatures(db, id, publishedAt, features);
    await repo.bumpCounts(db, [...features, repo.TOTAL], 1);

    // Candidates: the recent articles sharing one of the rarest features.
    const lookup = [...features].sort((x, y) => weight(y) - weight(x)).slice(0, LOOKUP_FEATURES);
    const rough = new Map<number, number>();
    const times = new Map<number, number>();
    for (const r of await repo.recentWithFeatures(db, lookup, CANDIDATES_PER_FEATURE)) {
      if (r.article_id === id) continue;
      rough.set(r.article_id, (rough.get(r.article_id) ?? 0) + weight(r.feature));
      times.set(r.article_id, Number(r.published_at));
    }
    // The best by the features they were found through are scored exactly on all shared features.
    const candidates = [...rough]
      .sort((x, y) => y[1] - x[1] || y[0] - x[0])
      .slice(0, EXACT_CANDIDATES)
      .map(([cid]) => cid);
    const shared = new Map<number, { publishedAt: number; features: string[] }>();
    for (const r of await repo.sharedFeatures(db, candidates, features)) {
      const c = shared.get(r.article_id);
      if (c) c.features.push(r.feature);
      else shared.set(r.article_id, { publishedAt: times.get(r.article_id) ?? 0, features: [r.feature] });
    }
    const scored = scoreCandidates({ id, publishedAt }, shared, weight);
    await repo.replaceRelated(db, id, scored.slice(0, RELATED_COUNT));

    // The same score from the other side: older articles on the story now list this one.
    const refresh = scored.slice(0, REFRESH_COUNT);
    const lists = new Map<number, Scored[]>();
    for (const r of await repo.relatedLists(
      db,
      refresh.map((s) => s.id),
    )) {
      const entry = { id: r.related_id, score: r.score, publishedAt: r.published_at ?? 0 };
      const list = lists.get(r.article_id);
      if (list) list.push(entry);
      else lists.set(r.article_id, [entry]);
    }
    const changed = new Map<number, Scored[]>();
    for (const s of refresh) {
      const merged = mergeIntoList(lists.get(s.id) ?? [], { id, score: s.score, publishedAt });
      if (merged) changed.set(s.id, merged);
    }
    await repo.replaceRelatedMany(db, changed);
    return { pages: [...changed.keys()] };
  }
}

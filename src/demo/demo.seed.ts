import { systemActor } from '../accounts/actor.ts';
import type { ArticleInput } from '../articles/articles.schema.ts';
import { ArticleService } from '../articles/articles.service.ts';
import { insertAuthor } from '../authors/authors.repository.ts';
import type { Database } from '../core/db/database.ts';
import { paragraphsToHtml } from '../core/sanitize.ts';
import { localParts, startOfLocalDay } from '../core/time.ts';
import { insertSection } from '../sections/sections.repository.ts';
import { SectionTree } from '../sections/sections.service.ts';
import { insertHourlyViews } from '../views/views.repository.ts';
import { demoArticles } from './demo-articles.ts';
import { demoAuthors, demoSections } from './demo-sections.ts';
import type { DemoArticle } from './demo-types.ts';
import { deleteAllContent, hasContent } from './seed.repository.ts';

const SEED = systemActor('seed');

export interface SeedResult {
  sections: number;
  authors: number;
  articles: number;
}

/** A small deterministic generator, so demo view counts are the same on every install. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeds the demo publication: sections, authors and articles spread over the last 30 days. */
export async function seedDemo(
  db: Database,
  opts: { timeZone: string; reset?: boolean; now?: number },
): Promise<SeedResult | null> {
  if (await hasContent(db)) {
    if (!opts.reset) return null;
    await deleteAllContent(db);
  }
  const now = opts.now ?? Date.now();
  await insertSectionsAndAuthors(db);
  const sections = new SectionTree(db);
  await sections.reload();
  const service = new ArticleService({ db, sections, now: () => now });
  const today = localParts(now, opts.timeZone);
  const rand = prng(20241018);
  const created: number[] = [];
  const hourly: { hour: number; article_id: number; views: number }[] = [];
  for (const [i, a] of demoArticles.entries()) {
    const [hh, mm] = a.time.split(':').map(Number) as [number, number];
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day - a.daysAgo));
    let at =
      startOfLocalDay(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), opts.timeZone) +
      (hh * 60 + mm) * 60_000;
    if (at > now) at = now - (i + 1) * 6 * 60_000;
    const views = Math.round((a.daysAgo + 1) * (150 + rand() * 900) + rand() * 400);
    const id = await service.create({ ...demoArticleInput(a, at), viewCount: views }, SEED);
    created.push(id);
    // Most-read history: the seeded views spread over the hours after publishing.
    const hour = Math.floor(at / 3_600_000);
    for (const [after, share] of [
      [1, 0.5],
      [4, 0.3],
      [12, 0.2],
    ] as const) {
      if ((hour + after) * 3_600_000 <= now)
        hourly.push({ hour: hour + after, article_id: id, views: Math.round(views * share) });
    }
  }
  await insertHourlyViews(db, hourly);
  return { sections: demoSections.length, authors: demoAuthors.length, articles: created.length };
}

/** A demo article as the article service takes it, published at `at`. */
export function demoArticleInput(a: DemoArticle, at: number): ArticleInput {
  return {
    headline: a.headline,
    place: a.place,
    lede: a.lede,
    body: paragraphsToHtml(a.body),
    section: a.section,
    tags: a.tags,
    authors: a.authors,
    kind: a.kind,
    status: 'published',
    breaking: a.breaking ?? false,
    publishedAt: at,
  };
}

export async function insertSectionsAndAuthors(db: Database): Promise<void> {
  const ids = new Map<string, number>();
  let position = 0;
  // Parents first, so children can refer to them.
  const ordered = [...demoSections.filter((s) => !s.parent), ...demoSections.filter((s) => s.parent)];
  for (const s of ordered) {
    const id = await insertSection(db, {
      slug: s.slug,
      name: s.name,
      description: s.description,
      parent_id: s.parent ? (ids.get(s.parent) ?? null) : null,
      position: position++,
    });
    ids.set(s.slug, id);
  }
  for (const a of demoAuthors) await insertAuthor(db, a);
}

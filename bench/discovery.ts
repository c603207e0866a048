/**
 * Search and related-article timings, in process on the benchmark's database:
 * - search p50/p95 for a common word, a rare word, a phrase and a prefix, with the LIKE scan a
 *   WordPress-style search does over the same archive as the baseline (same run);
 * - the related-article work of one publish (features, candidates, scoring, older lists).
 */
import { sql } from 'kysely';
import { systemActor } from '../src/accounts/actor.ts';
import { ArticleService } from '../src/articles/articles.service.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { RelatedService } from '../src/related/related.service.ts';
import { SearchService } from '../src/search/search.service.ts';
import { SectionTree } from '../src/sections/sections.service.ts';

const TEST_ACTOR = systemActor('test');

export interface Timing {
  name: string;
  query?: string;
  p50: number;
  p95: number;
  n: number;
  results?: number;
}

function stats(name: string, xs: number[], extra: Partial<Timing> = {}): Timing {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { name, p50: at(0.5), p95: at(0.95), n: s.length, ...extra };
}

export async function benchDiscovery(dataDir: string, opts: { searches: number; publishes: number }) {
  const h = openDatabase({ dataDir });
  const db = h.db;
  try {
    // A rare word: the project code name of one of the first synthetic articles, picked at random
    // (each is in about 1 in 4,000 of them). Not the newest article's: in a reused data folder
    // those are this benchmark's own publishes, which repeat one word a hundred times a run.
    const sample = await sql<{
      body: string;
    }>`select body from articles where status = 'published' and body like '%leads the % project%' order by id limit 1 offset ${Math.floor(Math.random() * 2000)}`.execute(
      db,
    );
    const rare = /leads the (\w+) project/.exec(sample.rows[0]?.body ?? '')?.[1] ?? 'kalomi';
    const person = /<p>[^<]*?(\w+ \w+), who leads/.exec(sample.rows[0]?.body ?? '')?.[1] ?? 'Elena Marinova';
    const queries = [
      { name: 'common word', q: 'officials' },
      { name: 'common two words', q: 'budget plan' },
      { name: 'rare word', q: rare },
      { name: 'phrase', q: `"${person.toLowerCase()}"` },
      { name: 'prefix', q: 'tourism*' },
    ];
    const search = new SearchService(db);
    const out: Timing[] = [];
    for (const { name, q } of queries) {
      let results = 0;
      for (let i = 0; i < 5; i++) await search.search({ q }); // warm the page cache
      const times: number[] = [];
      for (let i = 0; i < opts.searches; i++) {
        const t = performance.now();
        const r = await search.search({ q });
        times.push(performance.now() - t);
        results = r.results.length;
      }
      out.push(stats(`search: ${name}`, times, { query: q, results }));
    }
    // Baseline: the LIKE scan over headline, lede and body, newest first (WordPress's search).
    const likeTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await sql`select id from articles where status = 'published' and (headline like ${`%${rare}%`} or lede like ${`%${rare}%`} or body like ${`%${rare}%`}) order by published_at desc limit 20`.execute(
        db,
      );
      likeTimes.push(performance.now() - t);
    }
    const like = stats('baseline: LIKE scan, rare word', likeTimes, { query: rare });

    // Related work of one publish, timed around the indexer inside the real publish path.
    const sections = new SectionTree(db);
    await sections.reload();
    const related = new RelatedService();
    const relatedTimes: number[] = [];
    const timed = {
      articleChanged: async (trx: typeof db, id: number) => {
        const t = performance.now();
        const r = await related.articleChanged(trx, id);
        relatedTimes.push(performance.now() - t);
        return r;
      },
    };
    const service = new ArticleService({ db, sections, indexers: [search, timed] });
    const publishTimes: number[] = [];
    const section = sections.all().find((s) => s.parent)!;
    for (let i = 0; i < opts.publishes; i++) {
      const t = performance.now();
      await service.create(
        {
          headline: `Port authority in Varna delays gas contract talks with ${person}`,
          lede: `The Port of Varna and the Energy Regulator postponed talks on the ${rare} project, officials said.`,
          body: `<p>${person}, who leads the ${rare} project, said the Black Sea terminal would wait for the Finance Ministry.</p><p>Negotiators are due to meet again later this week.</p>`,
          section: section.slug,
          tags: ['Energy Policy', 'Black Sea Ports', 'Trade Talks'],
          authors: [],
          status: 'published',
        },
        TEST_ACTOR,
      );
      publishTimes.push(performance.now() - t);
    }
    return {
      search: out,
      like,
      related: stats('related lists for one publish', relatedTimes),
      publish: stats('whole publish (service, in process)', publishTimes),
    };
  } finally {
    await h.close();
  }
}

/** Before any load: the seeded archive, the server under test and the pages it will be loaded on. */
import { sql } from 'kysely';
import { countPublished } from '../../src/articles/articles.repository.ts';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.ts';
import { seedSynthetic } from '../../src/demo/synthetic.ts';
import { type Server, serve } from '../load.ts';

/** Seeds `count` synthetic articles into `dataDir` (or reuses them there) and reports articles/s. */
export async function seedArchive(opts: { dataDir: string; count: number; reuse: boolean }) {
  const { dataDir, count } = opts;
  const h = openDatabase({ dataDir });
  await migrateToLatest(h.db);
  // With --data-dir pointing at an already seeded archive, seeding is skipped (a 1m seed takes minutes).
  const existing = opts.reuse ? await countPublished(h.db) : 0;
  const seeded =
    existing >= count ? { articles: existing, ms: Number.NaN } : await seedSynthetic(h.db, { count });
  // Fold the seed's write-ahead log into the database, as the server's checkpoint worker would within
  // a second: reads through a large unmerged log are slower and would skew the timings below.
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(h.db);
  await h.close();
  const seedRate = Math.round((seeded.articles / seeded.ms) * 1000);
  console.log(
    Number.isNaN(seeded.ms)
      ? `seed: reused ${seeded.articles} published articles in ${dataDir}`
      : `seed: ${seeded.articles} articles in ${(seeded.ms / 1000).toFixed(1)} s = ${seedRate} articles/s`,
  );
  return { seedRate };
}

/** The server under test, and its cold start to the first 200. */
export async function startDateline(dataDir: string): Promise<{ server: Server; coldStart: number }> {
  const server = await serve(dataDir);
  return { server, coldStart: server.startMs };
}

export interface Pages {
  article: string;
  section: string;
  /** The section's page 200 (or its last page when it has fewer), and that page's number. */
  page200: string;
  pageNo: number;
  tag: string;
}

/** The URLs to load: the newest article, a top-level section, its page 200, a common tag. */
export async function pickPages(base: string): Promise<Pages> {
  const homeHtml = await (await fetch(`${base}/`)).text();
  const article = /href="(\/articles\/\d+\/[a-z0-9-]+)"/.exec(homeHtml)?.[1];
  if (!article) throw new Error('no article link on the home page');
  const section = '/sections/bulgaria';
  let page200 = section;
  let pageNo = 1;
  for (let i = 1; i < 200; i++) {
    const html = await (await fetch(base + page200)).text();
    const next = /href="([^"]+)" rel="next"/.exec(html)?.[1];
    if (!next) break;
    page200 = next.replace(/&amp;/g, '&');
    pageNo++;
  }
  const articleHtml = await (await fetch(base + article)).text();
  const tag = /href="(\/tags\/[a-z0-9-]+)"/.exec(articleHtml)?.[1] ?? '/tags/energy-policy';
  return { article, section, page200, pageNo, tag };
}

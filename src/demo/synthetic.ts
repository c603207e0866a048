import type { Insertable } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { syncIdSequence } from '../core/db/dialect.ts';
import type {
  ArticleAuthorTable,
  ArticleFeatureTable,
  ArticleRelatedTable,
  ArticleTable,
  ArticleTagTable,
} from '../core/db/schema.ts';
import { slugify } from '../core/slug.ts';
import { htmlToText, stem } from '../core/text.ts';
import { entities } from '../related/features.ts';
import { bulkAddCounts, TOTAL } from '../related/related.repository.ts';
import { featureWeight, RELATED_COUNT, type Scored, scoreCandidates } from '../related/related.ts';
import { type SearchDocument, searchEngineFor } from '../search/engine.ts';
import { type Section, SectionTree } from '../sections/sections.service.ts';
import { insertSectionsAndAuthors, prng } from './demo.seed.ts';
import { hasContent } from './seed.repository.ts';
import { allAuthorIds, allTags, bulkInsert, insertTags, maxArticleId } from './synthetic.repository.ts';

// Word lists for synthetic copy: enough variety that pages and search behave like real ones.
const SUBJECTS =
  'Parliament,Cabinet,Central bank,Port authority,Grid operator,Regional court,City council,Border police,Energy regulator,Trade union,Farmers,Teachers,Doctors,Rail operator,Airport,Customs agency,Statistics office,Finance ministry,Coalition,Opposition'.split(
    ',',
  );
const VERBS =
  'Approves,Rejects,Delays,Backs,Questions,Expands,Cuts,Reviews,Unveils,Suspends,Extends,Defends'.split(',');
const OBJECTS =
  'Budget Plan,Gas Contract,Wage Deal,Road Tolls,Tax Reform,Pension Rise,Water Tariffs,Rail Upgrade,Grain Exports,Border Checks,Power Prices,Housing Rules,Tourism Season,Hospital Funding,Wind Farm Permits,Bank Rules'.split(
    ',',
  );
const PLACES =
  'Sofia,Plovdiv,Varna,Burgas,Ruse,Stara Zagora,Pleven,Brussels,Kyiv,Athens,Bucharest,Ankara,Belgrade,Skopje,Berlin,Vienna'.split(
    ',',
  );
const TAG_A =
  'Black Sea,Danube,Balkan,Eurozone,Schengen,Energy,Grain,Transport,Health,Education,Tourism,Housing,Budget,Defence,Climate,Trade,Labour,Banking,Farming,Justice'.split(
    ',',
  );
const TAG_B =
  'Policy,Prices,Talks,Reform,Crisis,Investment,Exports,Security,Strikes,Courts,Elections,Funding,Markets,Ports,Railways,Wages,Taxes,Inflation,Tenders,Aid'.split(
    ',',
  );
const SENTENCES = [
  'Officials said the decision followed weeks of consultations with employers and unions.',
  'The measure still needs a second vote before it can take effect next month.',
  'Critics argued that the plan leaves smaller municipalities without the money they were promised.',
  'Analysts expect the move to weigh on prices until the end of the quarter.',
  'The ministry published the full text of the proposal on its website for public comment.',
  'Local businesses welcomed the announcement but asked for clearer deadlines.',
  'The opposition said it would challenge the decision before the Constitutional Court.',
  'Figures released on Tuesday showed the sharpest change in more than two years.',
  'Negotiators are due to meet again later this week to settle the remaining points.',
  'Residents in the affected districts have been asked to follow official guidance.',
  'The European Commission is expected to give its assessment before the summer.',
  'Similar steps were taken by neighbouring countries earlier this year.',
];
const FIRST =
  'Elena,Petar,Maria,Ivan,Daniela,Georgi,Nikolai,Vesela,Dimitar,Radka,Stoyan,Milena,Boris,Yana,Todor,Silvia'.split(
    ',',
  );
const LAST =
  'Marinova,Zlatev,Ivanova,Kolev,Petrova,Dimov,Stoyanova,Angelov,Hristova,Nikolov,Vasileva,Todorov,Georgieva,Popov,Mihaylova,Yordanov,Atanasova,Kirilov,Pavlova,Bonev'.split(
    ',',
  );
// Project code names: 4,096 made-up words, each in about one article in 4,000 (the rare queries).
const SYLLABLES = 'ka,lo,mi,ren,dor,vi,sta,pel,gru,zan,tor,bel,nik,sa,dru,vel'.split(',');

export interface SyntheticOptions {
  count: number;
  /** Paragraphs per body; each is about 600 characters. */
  paragraphs?: number;
  seed?: number;
  now?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The seeded catalogue and the random source every synthetic article draws from. */
interface Draw {
  rand: () => number;
  pick: <T>(xs: T[]) => T;
  leafSections: Section[];
  tagIds: number[];
  tagName: Map<number, string>;
  authorIds: number[];
  paragraphs: number;
}

/** Rows of one batch, written in one transaction. */
interface Batch {
  articles: Insertable<ArticleTable>[];
  tagRows: ArticleTagTable[];
  authors: ArticleAuthorTable[];
  docs: SearchDocument[];
  features: ArticleFeatureTable[];
}

/**
 * Features kept in memory (per feature, article indexes in time order) to rank related articles
 * with the same scoring as a publish, without a query per article.
 */
interface FeatureIndex {
  byFeature: Map<string, number[]>;
  meta: { id: number; at: number; features: string[] }[];
}

/** Seeds N synthetic published articles spread evenly backwards from now (about 150 a day). */
export async function seedSynthetic(
  db: Database,
  opts: SyntheticOptions,
): Promise<{ articles: number; ms: number }> {
  const started = performance.now();
  const draw = await prepare(db, opts);
  const engine = searchEngineFor(db);

  const n = opts.count;
  const now = opts.now ?? Date.now();
  const days = Math.max(30, Math.ceil(n / 150));
  const start = now - days * 86_400_000;
  const step = (days * 86_400_000) / n;
  let nextId = (await maxArticleId(db)) + 1;

  const index: FeatureIndex = { byFeature: new Map(), meta: [] };
  const BATCH = 5000;
  for (let done = 0; done < n; done += BATCH) {
    const batch: Batch = { articles: [], tagRows: [], authors: [], docs: [], features: [] };
    for (let i = done; i < Math.min(n, done + BATCH); i++) {
      addArticle(draw, batch, index, nextId++, Math.round(start + i * step));
    }
    await db.transaction().execute(async (trx) => {
      const { articles, tagRows: tags, authors, features } = batch;
      await bulkInsert(trx, { articles, tags, authors, related: [], features }, 500);
      await engine.put(trx, batch.docs);
    });
    opts.onProgress?.(Math.min(n, done + BATCH), n);
  }

  const counts = new Map<string, number>([[TOTAL, n]]);
  for (const [f, list] of index.byFeature) counts.set(f, list.length);
  await bulkAddCounts(db, counts);
  await seedRelated(db, index, counts, n);
  await syncIdSequence(db, 'articles');
  return { articles: n, ms: performance.now() - started };
}

/** Sections, authors and the tag catalogue (created when missing), and the seeded random source. */
async function prepare(db: Database, opts: SyntheticOptions): Promise<Draw> {
  if (!(await hasContent(db))) await insertSectionsAndAuthors(db);
  const sections = new SectionTree(db);
  await sections.reload();
  const leafSections = sections.all().filter((s) => s.children.length === 0);
  const tagNames = TAG_A.flatMap((a) => TAG_B.map((b) => `${a} ${b}`));
  await insertTags(
    db,
    tagNames.map((name) => ({ name, slug: slugify(name) })),
  );
  const tags = await allTags(db);
  const rand = prng(opts.seed ?? 7);
  return {
    rand,
    pick: <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!,
    leafSections,
    tagIds: tags.map((t) => t.id),
    tagName: new Map(tags.map((t) => [t.id, t.name])),
    authorIds: await allAuthorIds(db),
    paragraphs: opts.paragraphs ?? 6,
  };
}

/** One article: its rows into the batch, its features into the index. */
function addArticle(draw: Draw, batch: Batch, index: FeatureIndex, id: number, at: number): void {
  const { rand, pick, tagIds } = draw;
  // Zipf-like: a few tags are very common, most are rare.
  const zipfTag = () => tagIds[Math.min(tagIds.length - 1, Math.floor(tagIds.length * rand() ** 2.5))]!;
  const section = pick(draw.leafSections);
  const subject = pick(SUBJECTS);
  const object = pick(OBJECTS);
  const headline = `${subject} ${pick(VERBS)} ${object}`;
  const person = `${pick(FIRST)} ${pick(LAST)}`;
  const code = Array.from({ length: 3 }, () => pick(SYLLABLES)).join('');
  const place = rand() < 0.35 ? pick(PLACES) : null;
  const body: string[] = [];
  for (let p = 0; p < draw.paragraphs; p++) {
    const sentences = Array.from({ length: 5 }, () => pick(SENTENCES));
    if (p === 0) sentences.splice(1, 0, `${person}, who leads the ${code} project, confirmed the timetable.`);
    body.push(`<p>${sentences.join(' ')}</p>`);
  }
  const lede = `${pick(SENTENCES)} ${pick(SENTENCES)}`;
  batch.articles.push({
    id,
    slug: slugify(headline),
    headline,
    place,
    lede,
    body: body.join('\n'),
    section_id: section.id,
    root_section_id: (section.parent ?? section).id,
    kind: 'staff',
    status: 'published',
    breaking: 0,
    published_at: at,
    created_at: at,
    updated_at: at,
    view_count: Math.floor(rand() * 5000),
  } as Insertable<ArticleTable>);
  const own = [...new Set([zipfTag(), zipfTag(), zipfTag(), zipfTag()])];
  own.forEach((tag_id, position) => {
    batch.tagRows.push({ article_id: id, tag_id, position, published_at: at });
  });
  batch.authors.push({ article_id: id, author_id: pick(draw.authorIds), position: 0, published_at: at });
  batch.docs.push({
    id,
    headline: place ? `${place}: ${headline}` : headline,
    lede,
    body: htmlToText(body.join(' ')),
    tags: own.map((t) => draw.tagName.get(t)).join(', '),
  });
  const fs = [
    ...own.map((t) => `t:${t}`),
    ...entities(`${place ?? ''}. ${subject}. ${person}.`).map((e) => `e:${e}`),
    ...object.split(' ').map((w) => `w:${stem(w.toLowerCase())}`),
    `w:${code}`,
  ];
  const unique = [...new Set(fs)];
  for (const f of unique) {
    batch.features.push({ article_id: id, feature: f, published_at: at });
    const list = index.byFeature.get(f);
    if (list) list.push(index.meta.length);
    else index.byFeature.set(f, [index.meta.length]);
  }
  index.meta.push({ id, at, features: unique });
}

/** Related: candidates are the nearest articles in time sharing a feature, scored as on publish. */
async function seedRelated(
  db: Database,
  { byFeature, meta }: FeatureIndex,
  counts: Map<string, number>,
  n: number,
): Promise<void> {
  const WINDOW = 25;
  const position = new Map<string, Map<number, number>>();
  for (const [f, list] of byFeature) position.set(f, new Map(list.map((m, i) => [m, i])));
  const weight = (f: string) => featureWeight(f, counts.get(f) ?? 1, n);
  let related: Insertable<ArticleRelatedTable>[] = [];
  for (const [k, m] of meta.entries()) {
    const shared = new Map<number, { publishedAt: number; features: string[] }>();
    for (const f of m.features) {
      const list = byFeature.get(f)!;
      const at = position.get(f)!.get(k)!;
      for (let j = Math.max(0, at - WINDOW); j < Math.min(list.length, at + WINDOW); j++) {
        const other = meta[list[j]!]!;
        if (other.id === m.id) continue;
        const c = shared.get(other.id);
        if (c) c.features.push(f);
        else shared.set(other.id, { publishedAt: other.at, features: [f] });
      }
    }
    scoreCandidates({ id: m.id, publishedAt: m.at }, shared, weight)
      .slice(0, RELATED_COUNT)
      .forEach((r: Scored, rank) => {
        related.push({ article_id: m.id, related_id: r.id, rank, score: r.score });
      });
    if (related.length >= 30_000) {
      const chunk = related;
      related = [];
      await db.transaction().execute((trx) => bulkInsert(trx, { related: chunk }, 500));
    }
  }
  if (related.length) await db.transaction().execute((trx) => bulkInsert(trx, { related }, 500));
}

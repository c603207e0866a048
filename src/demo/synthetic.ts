import type { Insertable } from 'kysely';
import { RELATED_COUNT, type RelatedCandidate, rankRelated } from '../articles/related.ts';
import type { Database } from '../core/db/database.ts';
import { syncIdSequence } from '../core/db/dialect.ts';
import type {
  ArticleAuthorTable,
  ArticleRelatedTable,
  ArticleTable,
  ArticleTagTable,
} from '../core/db/schema.ts';
import { slugify } from '../core/slug.ts';
import { SectionTree } from '../sections/sections.service.ts';
import { insertSectionsAndAuthors, prng } from './demo.seed.ts';
import { hasContent } from './seed.repository.ts';
import { allAuthorIds, allTagIds, bulkInsert, insertTags, maxArticleId } from './synthetic.repository.ts';

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

export interface SyntheticOptions {
  count: number;
  /** Paragraphs per body; each is about 600 characters. */
  paragraphs?: number;
  seed?: number;
  now?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Seeds N synthetic published articles spread evenly backwards from now (about 150 a day). */
export async function seedSynthetic(
  db: Database,
  opts: SyntheticOptions,
): Promise<{ articles: number; ms: number }> {
  const started = performance.now();
  if (!(await hasContent(db))) await insertSectionsAndAuthors(db);
  const sections = new SectionTree(db);
  await sections.reload();
  const leafSections = sections.all().filter((s) => s.children.length === 0);
  const tagNames = TAG_A.flatMap((a) => TAG_B.map((b) => `${a} ${b}`));
  await insertTags(
    db,
    tagNames.map((name) => ({ name, slug: slugify(name) })),
  );
  const tagIds = await allTagIds(db);
  const authorIds = await allAuthorIds(db);
  const rand = prng(opts.seed ?? 7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Zipf-like: a few tags are very common, most are rare.
  const zipfTag = () => tagIds[Math.min(tagIds.length - 1, Math.floor(tagIds.length * rand() ** 2.5))]!;

  const n = opts.count;
  const now = opts.now ?? Date.now();
  const days = Math.max(30, Math.ceil(n / 150));
  const start = now - days * 86_400_000;
  const step = (days * 86_400_000) / n;
  const paragraphs = opts.paragraphs ?? 6;
  let nextId = (await maxArticleId(db)) + 1;
  const firstId = nextId;

  // All tag memberships are kept in memory to rank related articles without querying per article.
  const byTag = new Map<number, number[]>();
  const meta: { id: number; section: number; at: number; tags: number[] }[] = [];
  const BATCH = 5000;
  for (let done = 0; done < n; done += BATCH) {
    const articles: Insertable<ArticleTable>[] = [];
    const tags: ArticleTagTable[] = [];
    const authors: ArticleAuthorTable[] = [];
    for (let i = done; i < Math.min(n, done + BATCH); i++) {
      const id = nextId++;
      const at = Math.round(start + i * step);
      const section = pick(leafSections);
      const headline = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}`;
      const body: string[] = [];
      for (let p = 0; p < paragraphs; p++) {
        body.push(`<p>${Array.from({ length: 5 }, () => pick(SENTENCES)).join(' ')}</p>`);
      }
      articles.push({
        id,
        slug: slugify(headline),
        headline,
        place: rand() < 0.35 ? pick(PLACES) : null,
        lede: `${pick(SENTENCES)} ${pick(SENTENCES)}`,
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
        tags.push({ article_id: id, tag_id, position, published_at: at });
        const list = byTag.get(tag_id);
        if (list) list.push(id);
        else byTag.set(tag_id, [id]);
      });
      authors.push({ article_id: id, author_id: pick(authorIds), position: 0, published_at: at });
      meta.push({ id, section: section.id, at, tags: own });
    }
    await db.transaction().execute((trx) => bulkInsert(trx, { articles, tags, authors, related: [] }, 500));
    opts.onProgress?.(Math.min(n, done + BATCH), n);
  }

  // Related: candidates are the nearest articles in time within each shared tag.
  const WINDOW = 25;
  const indexInTag = new Map<number, Map<number, number>>();
  for (const [tag, ids] of byTag) indexInTag.set(tag, new Map(ids.map((id, i) => [id, i])));
  let related: ArticleRelatedTable[] = [];
  for (const m of meta) {
    const cand = new Map<number, RelatedCandidate>();
    for (const t of m.tags) {
      const ids = byTag.get(t)!;
      const at = indexInTag.get(t)!.get(m.id)!;
      for (let k = Math.max(0, at - WINDOW); k < Math.min(ids.length, at + WINDOW); k++) {
        const other = ids[k]!;
        if (other === m.id) continue;
        const c = cand.get(other);
        if (c) c.shared++;
        else {
          const om = meta[other - firstId]!;
          cand.set(other, { id: other, shared: 1, sectionId: om.section, publishedAt: om.at });
        }
      }
    }
    rankRelated({ id: m.id, sectionId: m.section }, cand.values(), RELATED_COUNT).forEach(
      (related_id, rank) => {
        related.push({ article_id: m.id, related_id, rank });
      },
    );
    if (related.length >= 30_000) {
      const chunk = related;
      related = [];
      await db
        .transaction()
        .execute((trx) => bulkInsert(trx, { articles: [], tags: [], authors: [], related: chunk }, 500));
    }
  }
  if (related.length) {
    await db
      .transaction()
      .execute((trx) => bulkInsert(trx, { articles: [], tags: [], authors: [], related }, 500));
  }
  await syncIdSequence(db, 'articles');
  return { articles: n, ms: performance.now() - started };
}

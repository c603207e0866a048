import type { FastifyInstance } from 'fastify';
import {
  type ArticleSummary,
  listBreaking,
  listBySection,
  listLatest,
} from '../articles/articles.repository.ts';
import { articleKeysOf, cachePage } from '../cache/http-cache.ts';
import type { AppContext } from '../http/context.ts';
import { sendPage } from '../http/html.ts';
import {
  AdSlot,
  articleUrl,
  Box,
  Headline,
  Listing,
  type ListingOptions,
  sectionUrl,
} from '../render/components.tsx';
import { Layout } from '../render/layout.tsx';
import type { Section } from '../sections/sections.service.ts';
import { MostReadBox } from '../views/most-read.tsx';
import type { MostRead } from '../views/views.service.ts';
import { MAX_PINS } from './curation.ts';
import { listPinned } from './home.repository.ts';

const TOP = 5;
const LATEST = 12;
const PER_SECTION = 4;

interface HomeView {
  breaking: ArticleSummary[];
  top: ArticleSummary[];
  latest: ArticleSummary[];
  blocks: { section: Section; items: ArticleSummary[] }[];
  mostRead: MostRead;
}

export function homeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', { config: { permission: 'public' } }, async (_req, reply) => {
    // Pinned stories lead in the editors' order; free top slots and the latest list follow by time.
    const [pinned, recent] = await Promise.all([
      listPinned(ctx.db),
      listLatest(ctx.db, TOP + LATEST + MAX_PINS),
    ]);
    const pinnedSet = new Set(pinned.map((p) => p.id));
    const latest = [...pinned, ...recent.filter((a) => !pinnedSet.has(a.id))];
    const breaking = await listBreaking(ctx.db, Date.now() - 24 * 3600_000, 2);
    const blocks = await Promise.all(
      ctx.sections.topLevel().map(async (section) => ({
        section,
        items: await listBySection(ctx.db, { id: section.id, isRoot: true }, PER_SECTION),
      })),
    );
    const view: HomeView = {
      breaking,
      top: latest.slice(0, Math.max(TOP, pinned.length)),
      latest: latest.slice(Math.max(TOP, pinned.length), Math.max(TOP, pinned.length) + LATEST),
      blocks: blocks.filter((b) => b.items.length > 0),
      mostRead: await ctx.views.mostReadLists(),
    };
    cachePage(reply, [
      'home',
      ...articleKeysOf(view.breaking, view.top, view.latest, ...view.blocks.map((b) => b.items)),
      ...articleKeysOf(view.mostRead.day, view.mostRead.week),
    ]);
    return sendPage(reply, <HomePage v={view} opts={ctx.listingOptions()} />);
  });
}

function HomePage({ v, opts }: { v: HomeView; opts: ListingOptions }) {
  const site = opts.site;
  const [lead, ...top] = v.top;
  const compact: ListingOptions = { ...opts, headingLevel: 3 };
  return (
    <Layout
      site={site}
      meta={{
        title: site.name,
        description: `${site.name}: news from Bulgaria and the world, around the clock.`,
        canonical: '/',
        live: { page: 'home' },
        feed: { title: site.name, path: '' },
      }}
    >
      <h1 class="visually-hidden">{site.name}: latest news</h1>
      {v.breaking.map((b) => (
        <p class="breaking" key={b.id}>
          Breaking:{' '}
          <a href={articleUrl(b)}>
            <Headline a={b} />
          </a>
        </p>
      ))}
      <AdSlot id="home-top" size="leaderboard" />
      <div class="home-top">
        <Box title="Top stories" id="top-title">
          {lead && (
            <div class="lead-story">
              <Listing items={[lead]} opts={compact} />
            </div>
          )}
          <Listing items={top} opts={compact} />
        </Box>
        <div class="sidebar">
          <Box title="Latest" id="latest-title">
            <Listing items={v.latest} opts={{ ...compact, showViews: false, compact: true }} />
          </Box>
          <AdSlot id="home-side" size="mpu" />
          <MostReadBox lists={v.mostRead} opts={opts} />
        </div>
      </div>
      <div class="section-blocks">
        {v.blocks.map((b) => (
          <section class="box" key={b.section.id} aria-labelledby={`sec-${b.section.slug}`}>
            <h2 class="box-title" id={`sec-${b.section.slug}`}>
              <a href={sectionUrl(b.section)}>{b.section.name}</a>
            </h2>
            <Listing items={b.items} opts={compact} />
          </section>
        ))}
      </div>
    </Layout>
  );
}

import type { ArticleSummary } from '../core/model.ts';
import { articleUrl, sectionUrl } from '../core/urls.ts';
import { AdSlot, Box, Headline, Listing, type ListingOptions } from '../render/components.tsx';
import { Layout } from '../render/layout.tsx';
import type { Section } from '../sections/sections.service.ts';
import { MostReadBox } from '../views/most-read.tsx';
import type { MostRead } from '../views/views.service.ts';

export interface HomeView {
  breaking: ArticleSummary[];
  top: ArticleSummary[];
  latest: ArticleSummary[];
  blocks: { section: Section; items: ArticleSummary[] }[];
  mostRead: MostRead;
}

export interface HomePageProps {
  v: HomeView;
  opts: ListingOptions;
}

/** The front page: breaking news, the curated top stories, latest, most read, a block per section. */
export function HomePage({ v, opts }: HomePageProps) {
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

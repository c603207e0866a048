import type { ComponentChildren } from 'preact';
import type { ArticleSummary } from '../core/model.ts';
import { AdSlot, Listing, type ListingOptions, Pager } from './components.tsx';
import { Layout, type PageMeta } from './layout.tsx';

/** Section, tag, author and archive pages share one shape. */
export interface ListingPageProps {
  meta: PageMeta;
  heading: ComponentChildren;
  intro?: ComponentChildren;
  nav?: ComponentChildren;
  items: ArticleSummary[];
  older?: string | undefined;
  newest?: string | undefined;
  empty?: string;
  opts: ListingOptions;
}

export function ListingPage(p: ListingPageProps) {
  return (
    <Layout site={p.opts.site} meta={p.meta}>
      <div class="with-sidebar">
        <div>
          <h1 class="page-title">{p.heading}</h1>
          {p.intro && <p class="page-intro">{p.intro}</p>}
          {p.nav}
          {p.items.length > 0 ? (
            <Listing items={p.items} opts={p.opts} />
          ) : (
            <p>{p.empty ?? 'No articles here yet.'}</p>
          )}
          <Pager older={p.older} newest={p.newest} />
        </div>
        <div class="sidebar">
          <AdSlot id="listing-side" size="mpu" />
        </div>
      </div>
    </Layout>
  );
}

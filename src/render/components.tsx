import type { ComponentChildren } from 'preact';
import type { ArticleSummary, Section } from '../core/model.ts';
import { formatDateLine, isoDate } from '../core/time.ts';
import { articleUrl, sectionUrl } from '../core/urls.ts';
import type { SiteContext } from './context.ts';

export function DateLine({ ms, site }: { ms: number; site: SiteContext }) {
  return (
    <time class="dateline" dateTime={isoDate(ms)}>
      {formatDateLine(ms, site.timeZone)}
    </time>
  );
}

/** `World » Ukraine`, each part a link. */
export function SectionPath({ path, label = true }: { path: Section[]; label?: boolean }) {
  if (path.length === 0) return null;
  return (
    <span class="section-path">
      {label && <span class="visually-hidden">Section: </span>}
      {path.map((s, i) => (
        <>
          {i > 0 && <span aria-hidden="true"> » </span>}
          <a href={sectionUrl(s)}>{s.name}</a>
        </>
      ))}
    </span>
  );
}

export function Headline({ a }: { a: { headline: string; place: string | null } }) {
  return (
    <>
      {a.place && <span class="place">{a.place}: </span>}
      {a.headline}
    </>
  );
}

export interface ListingOptions {
  site: SiteContext;
  pathOf: (sectionId: number) => Section[];
  showViews?: boolean;
  /** Headline and date only, for sidebars. */
  compact?: boolean;
  headingLevel?: 2 | 3;
}

/** One listing entry: headline, lede, section path, date line and view count. */
export function ListingItem({ a, opts }: { a: ArticleSummary; opts: ListingOptions }) {
  const H = opts.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <li class="item">
      <article>
        <H class="item-title">
          <a href={articleUrl(a)}>
            <Headline a={a} />
          </a>
        </H>
        {a.lede && !opts.compact && <p class="lede">{a.lede}</p>}
        <p class="meta">
          {!opts.compact && <SectionPath path={opts.pathOf(a.section_id)} />}{' '}
          <DateLine ms={a.published_at} site={opts.site} />{' '}
          {opts.showViews !== false && <span class="views">Viewed: {a.view_count}</span>}
        </p>
      </article>
    </li>
  );
}

export function Listing({ items, opts }: { items: ArticleSummary[]; opts: ListingOptions }) {
  return (
    <ol class="listing">
      {items.map((a) => (
        <ListingItem key={a.id} a={a} opts={opts} />
      ))}
    </ol>
  );
}

/**
 * A reserved ad slot: fixed size so nothing shifts when the creative arrives. A plain block with a
 * visible label rather than a landmark, so several on one page do not crowd the landmark list.
 */
export function AdSlot({ id, size }: { id: string; size: 'leaderboard' | 'mpu' | 'inline' }) {
  return (
    <div class={`ad ad-${size}`} data-slot={id}>
      <span class="ad-label">Advertisement</span>
    </div>
  );
}

export function Pager({ older, newest }: { older?: string | undefined; newest?: string | undefined }) {
  if (!older && !newest) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {newest && <a href={newest}>« Latest</a>}
      {older && (
        <a href={older} rel="next">
          Older stories »
        </a>
      )}
    </nav>
  );
}

export function Box({ title, children, id }: { title: string; children: ComponentChildren; id: string }) {
  return (
    <section class="box" aria-labelledby={id}>
      <h2 id={id} class="box-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

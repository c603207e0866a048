import type { Cursor } from '../core/cursor.ts';
import type { ArticleSummary } from '../core/model.ts';
import { monthName } from '../core/time.ts';
import type { ListingOptions } from '../render/components.tsx';
import type { SiteContext } from '../render/context.ts';
import { Layout } from '../render/layout.tsx';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day, or a month when `day` is left out (1-based month). */
export interface ArchiveDate {
  year: number;
  month: number;
  day?: number;
}

interface ArchiveLink {
  href: string;
  label: string;
}

const dayLink = (t: Date, label: (y: number, m: number, d: number) => string): ArchiveLink => {
  const [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  return { href: `/archive/${y}/${pad(m)}/${pad(d)}`, label: label(y, m, d) };
};

const monthLink = (t: Date): ArchiveLink => {
  const [y, m] = [t.getUTCFullYear(), t.getUTCMonth() + 1];
  return { href: `/archive/${y}/${pad(m)}`, label: `${monthName(m)} ${y}` };
};

/** The address of a day's or a month's archive page. */
function archivePath({ year, month, day }: ArchiveDate): string {
  return day === undefined ? `/archive/${year}/${pad(month)}` : `/archive/${year}/${pad(month)}/${pad(day)}`;
}

export interface ArchiveIndexPageProps {
  site: SiteContext;
  /** Today in the site's time zone: the page links the 14 days and 12 months up to it. */
  today: { year: number; month: number; day: number };
}

/** /archive: the recent days and months, each linking to its listing. */
export function ArchiveIndexPage({ site, today }: ArchiveIndexPageProps) {
  const days = Array.from({ length: 14 }, (_, i) =>
    dayLink(
      new Date(Date.UTC(today.year, today.month - 1, today.day - i)),
      (y, m, d) => `${monthName(m)} ${d}, ${y}`,
    ),
  );
  const months = Array.from({ length: 12 }, (_, i) =>
    monthLink(new Date(Date.UTC(today.year, today.month - 1 - i, 1))),
  );
  return (
    <Layout site={site} meta={{ title: 'Archive', canonical: '/archive' }}>
      <h1 class="page-title">Archive</h1>
      <div class="section-blocks">
        <section aria-labelledby="days">
          <h2 id="days">Recent days</h2>
          <ul>
            {days.map((x) => (
              <li key={x.href}>
                <a href={x.href}>{x.label}</a>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="months">
          <h2 id="months">Months</h2>
          <ul>
            {months.map((x) => (
              <li key={x.href}>
                <a href={x.href}>{x.label}</a>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </Layout>
  );
}

export interface ArchivePageProps {
  opts: ListingOptions;
  date: ArchiveDate;
  items: ArticleSummary[];
  /** Where the next older page starts, if there is one. */
  next: Cursor | undefined;
  /** A later page of the listing (reached through "older"): not indexed, links back to the first. */
  paged: boolean;
}

/** One day's or one month's articles, with links to the day or month before and after. */
export function ArchivePage({ opts, date, items, next: nextPage, paged }: ArchivePageProps) {
  const { year: y, month: m, day: d } = date;
  const base = archivePath(date);
  const title = d === undefined ? `${monthName(m)} ${y}` : `${monthName(m)} ${d}, ${y}`;
  const link = (offset: number) =>
    d === undefined
      ? monthLink(new Date(Date.UTC(y, m - 1 + offset, 1)))
      : dayLink(new Date(Date.UTC(y, m - 1, d + offset)), (_y, mm, dd) => `${monthName(mm)} ${dd}`);
  const [prev, next] = [link(-1), link(1)];
  return (
    <ListingPage
      opts={opts}
      meta={{ title, canonical: paged ? undefined : base, noindex: paged }}
      heading={title}
      nav={
        <nav aria-label="Archive">
          <ul class="sub-nav">
            <li>
              <a href={prev.href}>« {prev.label}</a>
            </li>
            <li>
              <a href="/archive">All archive</a>
            </li>
            <li>
              <a href={next.href}>{next.label} »</a>
            </li>
          </ul>
        </nav>
      }
      items={items}
      older={olderLink(base, nextPage)}
      newest={paged ? base : undefined}
      empty="Nothing was published on this date."
    />
  );
}

import type { ComponentChildren } from 'preact';
import { formatDay } from '../core/time.ts';
import { sectionUrl } from '../core/urls.ts';
import type { SiteContext } from './context.ts';

export interface PageMeta {
  title: string;
  description?: string;
  canonical?: string;
  /** Marks the current section in the navigation. */
  activeSection?: string | undefined;
  noindex?: boolean;
  ogType?: 'website' | 'article';
  /** Live updates on this page: the new-stories bar (home, a section) or breaking news only. */
  live?: { page: 'home' | 'section' | 'article'; section?: string; sectionName?: string };
  /** The feeds that follow this page: their title and the page path they hang under ('' for the site). */
  feed?: { title: string; path: string };
  /** Where the page's script reports a reader's view (when views are counted by beacon). */
  viewBeacon?: string | undefined;
}

export function Layout({
  site,
  meta,
  children,
}: {
  site: SiteContext;
  meta: PageMeta;
  children: ComponentChildren;
}) {
  const title = meta.title === site.name ? site.name : `${meta.title} - ${site.name}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {meta.description && <meta name="description" content={meta.description} />}
        {meta.canonical && <link rel="canonical" href={site.url + meta.canonical} />}
        {meta.noindex && <meta name="robots" content="noindex" />}
        <meta property="og:site_name" content={site.name} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={site.assets.css} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {meta.feed &&
          site.feeds.map((f) => (
            <link
              key={f.file}
              rel="alternate"
              type={f.contentType.split(';')[0]}
              title={`${meta.feed!.title} (${f.title})`}
              href={`${meta.feed!.path}/${f.file}`}
            />
          ))}
        {meta.live && <script src={site.assets.live} defer />}
      </head>
      <body
        data-live-page={meta.live?.page}
        data-live-section={meta.live?.section}
        data-live-section-name={meta.live?.sectionName}
        data-view-beacon={meta.viewBeacon}
      >
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <Masthead site={site} activeSection={meta.activeSection} />
        <main id="main" class="page">
          {children}
        </main>
        <Footer site={site} />
      </body>
    </html>
  );
}

/** The site name, today's date, search and the section menu (the current section marked). */
function Masthead({ site, activeSection }: { site: SiteContext; activeSection: string | undefined }) {
  return (
    <header class="masthead">
      <div class="masthead-inner">
        <a class="brand" href="/">
          {site.name}
        </a>
        <p class="tagline">
          News from Bulgaria and the world · <span>{formatDay(Date.now(), site.timeZone)}</span>
        </p>
        <search class="site-search" aria-label="Site search">
          <form method="get" action="/search">
            <label class="visually-hidden" for="site-search-q">
              Search articles
            </label>
            <input id="site-search-q" type="search" name="q" maxLength={200} placeholder="Search" />
            <button type="submit">Search</button>
          </form>
        </search>
      </div>
      <nav class="sections-nav" aria-label="Sections">
        <ul>
          {site.sections.map((s) => (
            <li key={s.id}>
              <a href={sectionUrl(s)} aria-current={activeSection === s.slug ? 'page' : undefined}>
                {s.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

function Footer({ site }: { site: SiteContext }) {
  const find = (slug: string) => site.sections.find((s) => s.slug === slug);
  const brief = find('world-news-in-brief');
  const analysis = find('foreign-media-analysis');
  return (
    <footer class="site-footer">
      <div class="footer-inner">
        <section aria-labelledby="footer-about">
          <h2 id="footer-about">{site.name}</h2>
          <p>
            An English-language news agency reporting from Sofia on Bulgaria and the world, around the clock.
            Its daily online newspaper, the Morning News, collects the day's essential stories each morning.
          </p>
        </section>
        <section aria-labelledby="footer-read">
          <h2 id="footer-read">Read</h2>
          <ul>
            {brief && (
              <li>
                <a href={sectionUrl(brief)}>{brief.name}</a>: the day's international news in short reports.
              </li>
            )}
            {analysis && (
              <li>
                <a href={sectionUrl(analysis)}>{analysis.name}</a>: how the foreign press sees the region.
              </li>
            )}
            <li>
              <a href="/be-a-reporter">Be a reporter</a>: write and send your article.
            </li>
            <li>
              <a href="/archive">Archive</a>
            </li>
          </ul>
        </section>
        <p class="copyright">
          © {site.year} {site.name}. All times are {site.timeZone.replace('_', ' ')} time.
        </p>
      </div>
    </footer>
  );
}

import type { ComponentChildren } from 'preact';
import type { ArticleRow, MediaRow } from '../core/db/schema.ts';
import { articleUrl, authorUrl, sectionUrl, tagUrl } from '../core/urls.ts';
import { Figure } from '../media/media.render.tsx';
import { AdSlot, Box, DateLine, Headline, Listing, type ListingOptions } from '../render/components.tsx';
import { Layout } from '../render/layout.tsx';
import type { Section } from '../sections/sections.service.ts';
import { MostReadBox } from '../views/most-read.tsx';
import type { MostRead } from '../views/views.service.ts';
import type { ArticleSummary } from './articles.repository.ts';

export interface ArticleView {
  article: ArticleRow & { published_at: number };
  path: Section[];
  tags: { slug: string; name: string }[];
  authors: { slug: string; name: string }[];
  related: ArticleSummary[];
  more: ArticleSummary[];
  corrections: { id: number; note: string; created_at: number }[];
  leadImage?: MediaRow | undefined;
  mostRead?: MostRead;
}

/**
 * The article's public page. With `preview` (the newsroom's preview, a preview link) it is marked as
 * one by a banner holding `preview`, and is neither indexed, given a canonical address, counted as
 * a view nor followed by live updates.
 */
export function ArticlePage({
  v,
  opts,
  preview,
  edit,
}: {
  v: ArticleView;
  opts: ListingOptions;
  preview?: ComponentChildren;
  /**
   * The editor's address, for signed-in staff who may open the article. Only ever given to a page
   * the caches do not keep (see articles.routes.tsx).
   */
  edit?: string | undefined;
}) {
  const a = v.article;
  const section = v.path[v.path.length - 1];
  const site = opts.site;
  const compact: ListingOptions = { ...opts, headingLevel: 3 };
  return (
    <Layout
      site={site}
      meta={{
        title: a.place ? `${a.place}: ${a.headline}` : a.headline,
        description: a.lede,
        canonical: preview ? undefined : articleUrl(a),
        noindex: preview ? true : undefined,
        activeSection: v.path[0]?.slug,
        ogType: 'article',
        // New stories in the article's own section show in the bar, linked to that section.
        live: preview
          ? undefined
          : section
            ? { page: 'article', section: section.slug, sectionName: section.name }
            : { page: 'article' },
        viewBeacon: site.viewBeacon && !preview ? `/views/${a.id}` : undefined,
      }}
    >
      {preview && (
        <div class="preview-banner">
          <strong>Preview</strong> {preview}
        </div>
      )}
      <AdSlot id="article-top" size="leaderboard" />
      <div class="with-sidebar">
        <article class="article-page" aria-labelledby="headline">
          {edit && (
            <p class="staff-edit">
              <a href={edit}>Edit</a> <span class="quiet">(newsroom staff only)</span>
            </p>
          )}
          <nav class="breadcrumb" aria-label="Breadcrumb">
            <ol>
              {v.path.map((s, i) => (
                <li key={s.id}>
                  <a href={sectionUrl(s)} aria-current={i === v.path.length - 1 ? 'page' : undefined}>
                    {s.name}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
          <DateLine ms={a.published_at} site={site} />
          {a.updated_at - a.published_at > 60_000 && (
            <span class="updated">
              Updated: <DateLine ms={a.updated_at} site={site} />
            </span>
          )}
          <h1 id="headline" class="article-headline">
            <Headline a={a} />
          </h1>
          {a.lede && <p class="article-lede">{a.lede}</p>}
          {v.leadImage && (
            <Figure m={v.leadImage} crop="16x9" sizes="(min-width: 60rem) 42rem, 100vw" eager />
          )}
          {v.authors.length > 0 && (
            <p class="byline">
              By{' '}
              {v.authors.map((au, i) => (
                <>
                  {i > 0 && (i === v.authors.length - 1 ? ' and ' : ', ')}
                  <a href={authorUrl(au)}>{au.name}</a>
                </>
              ))}
            </p>
          )}
          <div class="article-body" dangerouslySetInnerHTML={{ __html: a.body }} />
          {v.corrections.length > 0 && (
            <section class="corrections" aria-labelledby="corrections-title">
              <h2 id="corrections-title">{v.corrections.length === 1 ? 'Correction' : 'Corrections'}</h2>
              {v.corrections.map((c) => (
                <p key={c.id}>
                  <DateLine ms={c.created_at} site={site} />: {c.note}
                </p>
              ))}
            </section>
          )}
          {section && (
            <p class="reporter-line">
              <a href={sectionUrl(section)}>{section.name}</a> »{' '}
              <a href={`/be-a-reporter?section=${encodeURIComponent(section.slug)}`}>
                Be a reporter: Write and send your article
              </a>
            </p>
          )}
          {v.tags.length > 0 && (
            <>
              <h2 class="visually-hidden">Tags</h2>
              <ul class="tags">
                {v.tags.map((t) => (
                  <li key={t.slug}>
                    <a href={tagUrl(t)}>{t.name}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
          <AdSlot id="article-bottom" size="inline" />
          {v.related.length > 0 && (
            <Box title="Related Articles" id="related-title">
              <div class="related">
                <Listing items={v.related} opts={{ ...compact, showViews: false }} />
              </div>
            </Box>
          )}
        </article>
        <div class="sidebar">
          <AdSlot id="article-side" size="mpu" />
          {section && v.more.length > 0 && (
            <Box title={`More from ${section.name}`} id="more-title">
              <Listing items={v.more} opts={{ ...compact, showViews: false, compact: true }} />
            </Box>
          )}
          {v.mostRead && <MostReadBox lists={v.mostRead} opts={opts} />}
        </div>
      </div>
    </Layout>
  );
}

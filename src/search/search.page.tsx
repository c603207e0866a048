import { articleUrl } from '../core/urls.ts';
import { DateLine, Headline, type ListingOptions, SectionPath } from '../render/components.tsx';
import { Layout } from '../render/layout.tsx';
import type { Section } from '../sections/sections.service.ts';
import { MAX_QUERY_CHARS } from './query.ts';
import type { SearchResponse } from './search.service.ts';

export interface SearchForm {
  q: string;
  section: string;
  tag: string;
  from: string;
  to: string;
}

export function SearchPage(p: {
  opts: ListingOptions;
  sections: Section[];
  form: SearchForm;
  res?: SearchResponse;
  error?: string;
  first: boolean;
  next?: string | undefined;
}) {
  const { form, res } = p;
  const asked = form.q.trim() !== '';
  // The filters stay folded on a phone-sized screen until one is in use.
  const filtered = Boolean(form.section || form.tag || form.from || form.to);
  const title = asked ? `Search: ${form.q}` : 'Search';
  return (
    <Layout site={p.opts.site} meta={{ title, canonical: '/search', noindex: asked }}>
      <div class="search-page">
        <h1 class="page-title">{title}</h1>
        <search aria-label="Search articles">
          <form class="search-form" method="get" action="/search">
            <p class="search-main">
              <label for="search-q">Search words</label>
              <input
                id="search-q"
                type="search"
                name="q"
                value={form.q}
                maxLength={MAX_QUERY_CHARS}
                aria-describedby="search-help"
              />
              <button type="submit">Search</button>
            </p>
            <p id="search-help" class="help">
              Put a phrase in quotes ("north korea"); end a word with * to match its beginning (ukrain*).
            </p>
            <details class="search-more" open={filtered}>
              <summary>Narrow by section, tag or date</summary>
              <fieldset class="search-filters">
                <legend class="visually-hidden">Narrow the results</legend>
                <p class="filter">
                  <label for="search-section">Section</label>
                  <select id="search-section" name="section">
                    <option value="">All sections</option>
                    {p.sections.map((s) => (
                      <option key={s.id} value={s.slug} selected={s.slug === form.section}>
                        {s.parent ? `${s.parent.name} » ${s.name}` : s.name}
                      </option>
                    ))}
                  </select>
                </p>
                <p class="filter">
                  <label for="search-tag">Tag</label>
                  <input
                    id="search-tag"
                    name="tag"
                    value={form.tag}
                    maxLength={120}
                    placeholder="e.g. ukraine"
                  />
                </p>
                <p class="filter">
                  <label for="search-from">From</label>
                  <input id="search-from" type="date" name="from" value={form.from} />
                </p>
                <p class="filter">
                  <label for="search-to">To</label>
                  <input id="search-to" type="date" name="to" value={form.to} />
                </p>
              </fieldset>
            </details>
          </form>
        </search>
        {p.error && (
          <p class="form-error" role="alert">
            {p.error}
          </p>
        )}
        {res && asked && res.results.length === 0 && (
          <p class="search-empty">
            {res.query.clauses.length === 0
              ? 'Type words to search for: letters and numbers count, punctuation is ignored.'
              : p.first
                ? 'No articles match. Try fewer or different words, or remove a filter.'
                : 'No more results.'}
          </p>
        )}
        {res && res.results.length > 0 && (
          <ol class="listing search-results">
            {res.results.map((r) => (
              <li key={r.article.id} class="item">
                <article>
                  <h2 class="item-title">
                    <a href={articleUrl(r.article)}>
                      <Headline a={r.article} />
                    </a>
                  </h2>
                  <p class="snippet">
                    {r.snippet.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : s.text))}
                  </p>
                  <p class="meta">
                    <SectionPath path={p.opts.pathOf(r.article.section_id)} />{' '}
                    <DateLine ms={r.article.published_at} site={p.opts.site} />{' '}
                    <span class="views">Viewed: {r.article.view_count}</span>
                  </p>
                </article>
              </li>
            ))}
          </ol>
        )}
        {p.next && (
          <nav class="pager" aria-label="Pages">
            <a href={p.next} rel="next">
              More results »
            </a>
          </nav>
        )}
      </div>
    </Layout>
  );
}

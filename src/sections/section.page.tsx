import type { Cursor } from '../core/cursor.ts';
import type { ArticleSummary } from '../core/model.ts';
import { sectionUrl } from '../core/urls.ts';
import type { ListingOptions } from '../render/components.tsx';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';
import type { Section } from './sections.service.ts';

export interface SectionPageProps {
  opts: ListingOptions;
  section: Section;
  items: ArticleSummary[];
  /** Where the next older page starts, if there is one. */
  next: Cursor | undefined;
  /** A later page of the listing (reached through "older"): not indexed, links back to the first. */
  paged: boolean;
}

/** A section's latest articles, with its parent in the heading and its sibling sections as a menu. */
export function SectionPage({ opts, section, items, next, paged }: SectionPageProps) {
  const base = sectionUrl(section);
  const siblings = section.parent ? section.parent.children : section.children;
  return (
    <ListingPage
      opts={opts}
      meta={{
        title: section.parent ? `${section.parent.name} » ${section.name}` : section.name,
        description: section.description || undefined,
        canonical: paged ? undefined : base,
        activeSection: (section.parent ?? section).slug,
        noindex: paged,
        live: { page: 'section', section: section.slug },
        feed: { title: `${opts.site.name}: ${section.name}`, path: base },
      }}
      heading={
        section.parent ? (
          <>
            <a href={sectionUrl(section.parent)}>{section.parent.name}</a> » {section.name}
          </>
        ) : (
          section.name
        )
      }
      intro={section.description}
      nav={
        siblings.length > 0 && (
          <nav aria-label={`${(section.parent ?? section).name} sections`}>
            <ul class="sub-nav">
              {siblings.map((c) => (
                <li key={c.id}>
                  <a href={sectionUrl(c)} aria-current={c.id === section.id ? 'page' : undefined}>
                    {c.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )
      }
      items={items}
      older={olderLink(base, next)}
      newest={paged ? base : undefined}
    />
  );
}

import type { Cursor } from '../core/cursor.ts';
import type { TagRow } from '../core/db/schema.ts';
import type { ArticleSummary } from '../core/model.ts';
import { tagUrl } from '../core/urls.ts';
import type { ListingOptions } from '../render/components.tsx';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';

export interface TagPageProps {
  opts: ListingOptions;
  tag: TagRow;
  items: ArticleSummary[];
  /** Where the next older page starts, if there is one. */
  next: Cursor | undefined;
  /** A later page of the listing (reached through "older"): not indexed, links back to the first. */
  paged: boolean;
}

/** The latest articles with one tag. */
export function TagPage({ opts, tag, items, next, paged }: TagPageProps) {
  const base = tagUrl(tag);
  return (
    <ListingPage
      opts={opts}
      meta={{
        title: tag.name,
        description: `News about ${tag.name}`,
        canonical: paged ? undefined : base,
        noindex: paged,
        feed: { title: `${opts.site.name}: ${tag.name}`, path: base },
      }}
      heading={tag.name}
      intro={`The latest articles tagged ${tag.name}.`}
      items={items}
      older={olderLink(base, next)}
      newest={paged ? base : undefined}
    />
  );
}

import type { Cursor } from '../core/cursor.ts';
import type { AuthorRow } from '../core/db/schema.ts';
import type { ArticleSummary } from '../core/model.ts';
import { authorUrl } from '../core/urls.ts';
import type { ListingOptions } from '../render/components.tsx';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';

export interface AuthorPageProps {
  opts: ListingOptions;
  author: AuthorRow;
  items: ArticleSummary[];
  /** Where the next older page starts, if there is one. */
  next: Cursor | undefined;
  /** A later page of the listing (reached through "older"): not indexed, links back to the first. */
  paged: boolean;
}

/** An author's bio and latest articles. */
export function AuthorPage({ opts, author, items, next, paged }: AuthorPageProps) {
  const base = authorUrl(author);
  return (
    <ListingPage
      opts={opts}
      meta={{
        title: author.name,
        description: author.bio || undefined,
        canonical: paged ? undefined : base,
        noindex: paged,
      }}
      heading={author.name}
      intro={author.bio}
      items={items}
      older={olderLink(base, next)}
      newest={paged ? base : undefined}
    />
  );
}

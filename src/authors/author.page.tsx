import type { Cursor } from '../core/cursor.ts';
import type { ArticleSummary } from '../core/model.ts';
import { authorUrl } from '../core/urls.ts';
import { Picture } from '../media/media.render.tsx';
import type { ListingOptions } from '../render/components.tsx';
import { ListingPage } from '../render/listing.page.tsx';
import { olderLink } from '../render/paging.ts';
import type { PublicAuthor } from './authors.reader.ts';

export interface AuthorPageProps {
  opts: ListingOptions;
  profile: PublicAuthor;
  items: ArticleSummary[];
  /** Where the next older page starts, if there is one. */
  next: Cursor | undefined;
  /** A later page of the listing (reached through "older"): not indexed, links back to the first. */
  paged: boolean;
}

/** An author's profile (title, photo, bio, links) and latest articles. */
export function AuthorPage({ opts, profile, items, next, paged }: AuthorPageProps) {
  const { author } = profile;
  const base = authorUrl(author);
  return (
    <ListingPage
      opts={opts}
      meta={{
        title: author.name,
        description: author.bio || author.title || undefined,
        canonical: paged ? undefined : base,
        noindex: paged,
      }}
      heading={author.name}
      nav={<AuthorProfile profile={profile} />}
      items={items}
      older={olderLink(base, next)}
      newest={paged ? base : undefined}
    />
  );
}

/** What the profile holds besides the name (the page's heading); nothing when it is empty. */
function AuthorProfile({ profile }: { profile: PublicAuthor }) {
  const { author, photo, links } = profile;
  if (!author.title && !author.bio && !photo && links.length === 0) return null;
  return (
    <div class="author-profile">
      {photo && (
        <div class="author-photo">
          <Picture m={photo} crop="1x1" sizes="8rem" />
        </div>
      )}
      <div>
        {author.title && <p class="author-title">{author.title}</p>}
        {author.bio && <p class="page-intro">{author.bio}</p>}
        {links.length > 0 && (
          <ul class="author-links">
            {links.map((l, i) => (
              // Outside contributors' links are theirs, not the site's recommendation.
              <li key={String(i)}>
                <a href={l.url} rel="nofollow">
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

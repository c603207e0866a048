import type { Database } from '../core/db/database.ts';
import type { AuthorRow, MediaRow } from '../core/db/schema.ts';
import { findMedia } from '../media/media.repository.ts';
import { type AuthorLink, storedLinks } from './author-links.ts';
import { findAuthorBySlug, findAuthorRedirect } from './authors.repository.ts';

/** An author as their public page shows them. */
export interface PublicAuthor {
  author: AuthorRow;
  photo: MediaRow | undefined;
  links: AuthorLink[];
}

/** The author lookups of the public pages. */
export class AuthorsReader {
  constructor(private readonly db: Database) {}

  bySlug(slug: string): Promise<AuthorRow | undefined> {
    return findAuthorBySlug(this.db, slug);
  }

  /** The profile with its photo and links, for the author page. */
  async profile(slug: string): Promise<PublicAuthor | undefined> {
    const author = await findAuthorBySlug(this.db, slug);
    if (!author) return undefined;
    // An image missing from the library (an old backup, a hand-edited row) leaves the page without one.
    const photo =
      author.photo_media_id === null ? undefined : await findMedia(this.db, author.photo_media_id);
    return { author, photo, links: storedLinks(author.links) };
  }

  /** Where an author's old slug now leads (the profile's current slug), if it was renamed. */
  movedTo(oldSlug: string): Promise<{ slug: string } | undefined> {
    return findAuthorRedirect(this.db, oldSlug);
  }
}

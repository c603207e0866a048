import { type Actor, auditBy, requireActor } from '../accounts/actor.ts';
import { findUserByAuthor, findUserById, updateUser } from '../accounts/users.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import type { AuthorRow } from '../core/db/schema.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import { plainText } from '../core/sanitize.ts';
import { SLUG_PATTERN, slugify } from '../core/slug.ts';
import { findMedia, recentMedia } from '../media/media.repository.ts';
import {
  type AuthorLink,
  isWebUrl,
  LINK_URL_RULE,
  MAX_LINK_LABEL,
  MAX_LINKS,
  storedLinks,
} from './author-links.ts';
import * as repo from './authors.repository.ts';

export const MAX_NAME = 200;
export const MAX_SLUG = 120;
export const MAX_TITLE = 200;
export const MAX_BIO = 2000;

/** A profile as an editor fills it in; `slug` empty or missing means "from the name". */
export interface AuthorInput {
  name: string;
  slug?: string | undefined;
  title?: string | undefined;
  bio?: string | undefined;
  photo?: number | null | undefined;
  links?: AuthorLink[] | undefined;
}

/** A profile as the edit form shows it. */
export interface AuthorProfile {
  id: number;
  slug: string;
  name: string;
  title: string;
  bio: string;
  photo: number | null;
  links: AuthorLink[];
  /** The account whose byline this is, if any. */
  user: { id: number; name: string } | undefined;
}

const invalid = (field: string, message: string) => new ValidationError(message, { [field]: message });

/**
 * Author profiles: the bylines of staff (linked to their account) and of outside contributors
 * (no account). Editors create and edit them; a changed slug keeps the old author page as a 301.
 * Every change is audited and raises `authors.changed` so cached pages showing the author go.
 */
export class AuthorAdmin {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly now: () => number = Date.now,
  ) {}

  list() {
    return repo.listAuthorProfiles(this.db);
  }

  async get(id: number): Promise<AuthorProfile> {
    const a = await repo.findAuthorById(this.db, id);
    if (!a) throw new NotFoundError('No such author.');
    const user = await findUserByAuthor(this.db, id);
    return { ...a, photo: a.photo_media_id, links: storedLinks(a.links), user };
  }

  /** Library images a profile photo may be chosen from, newest first. */
  async photoChoices(): Promise<{ id: number; alt: string }[]> {
    return (await recentMedia(this.db, 50)).map((m) => ({ id: m.id, alt: m.alt }));
  }

  async create(input: AuthorInput, actor: Actor): Promise<number> {
    const by = auditBy(requireActor(actor));
    const row = await this.clean(input, undefined);
    const id = await repo.insertAuthor(this.db, row);
    await this.audit.record({
      userId: by.userId,
      action: 'author.create',
      subject: `author:${id}`,
      details: { slug: row.slug, ...(by.by ? { by: by.by } : {}) },
    });
    await this.events.emit('authors.changed', { authorIds: [id], bylines: false });
    return id;
  }

  async update(id: number, input: AuthorInput, actor: Actor): Promise<void> {
    const by = auditBy(requireActor(actor));
    const before = await repo.findAuthorById(this.db, id);
    if (!before) throw new NotFoundError('No such author.');
    const row = await this.clean(input, before);
    await this.db.transaction().execute(async (trx) => {
      await repo.updateAuthor(trx, id, row);
      if (row.slug !== before.slug) await repo.addAuthorRedirect(trx, before.slug, id);
    });
    const changed = (['name', 'slug', 'title', 'bio', 'photo_media_id', 'links'] as const).filter(
      (k) => row[k] !== before[k],
    );
    await this.audit.record({
      userId: by.userId,
      action: 'author.update',
      subject: `author:${id}`,
      details: {
        changed,
        ...(row.slug !== before.slug ? { from: before.slug, to: row.slug } : {}),
        ...(by.by ? { by: by.by } : {}),
      },
    });
    // A new name or address shows in every byline of the author's articles, not only on their page.
    const bylines = row.name !== before.name || row.slug !== before.slug;
    await this.events.emit('authors.changed', { authorIds: [id], bylines });
  }

  /** A profile made from an account's name and linked to it (the users screen's shortcut). */
  async createForUser(userId: number, actor: Actor): Promise<number> {
    const by = auditBy(requireActor(actor));
    const user = await findUserById(this.db, userId);
    if (!user) throw new NotFoundError('No such user.');
    if (user.author_id !== null) throw invalid('author', 'This user already has an author profile.');
    const row = await this.clean({ name: user.name }, undefined);
    const id = await this.db.transaction().execute(async (trx) => {
      const created = await repo.insertAuthor(trx, row);
      await updateUser(trx, userId, { author_id: created, updated_at: this.now() });
      return created;
    });
    const details = { slug: row.slug, user: userId, ...(by.by ? { by: by.by } : {}) };
    await this.audit.record({ userId: by.userId, action: 'author.create', subject: `author:${id}`, details });
    await this.audit.record({
      userId: by.userId,
      action: 'user.author',
      subject: `user:${userId}`,
      details: { from: null, to: id },
    });
    await this.events.emit('authors.changed', { authorIds: [id], bylines: false });
    return id;
  }

  /** The row to write, or a ValidationError naming the field (and saying why) for the form. */
  private async clean(input: AuthorInput, current: AuthorRow | undefined): Promise<repo.AuthorFields> {
    const name = plainText(input.name ?? '');
    if (!name) throw invalid('name', 'The author needs a name.');
    if (name.length > MAX_NAME) throw invalid('name', `At most ${MAX_NAME} characters`);
    const title = plainText(input.title ?? '');
    if (title.length > MAX_TITLE) throw invalid('title', `At most ${MAX_TITLE} characters`);
    const bio = plainText(input.bio ?? '');
    if (bio.length > MAX_BIO) throw invalid('bio', `At most ${MAX_BIO} characters`);
    const photo = input.photo ?? null;
    if (photo !== null && !(await findMedia(this.db, photo)))
      throw invalid('photo', 'There is no such image in the media library.');
    const links = cleanLinks(input.links ?? []);
    const slug = await this.slugFor(input.slug?.trim().toLowerCase() ?? '', name, current?.id);
    return { name, slug, title, bio, photo_media_id: photo, links: JSON.stringify(links) };
  }

  /** The slug typed (refused when another profile has it), or one made from the name and made unique. */
  private async slugFor(typed: string, name: string, id: number | undefined): Promise<string> {
    const takenByOther = async (slug: string) => {
      const other = await repo.findAuthorBySlug(this.db, slug);
      return other !== undefined && other.id !== id;
    };
    if (typed) {
      if (typed.length > MAX_SLUG || !SLUG_PATTERN.test(typed))
        throw invalid('slug', 'The slug may hold only lower-case letters, digits and hyphens.');
      if (await takenByOther(typed)) throw invalid('slug', 'Another author has this slug.');
      return typed;
    }
    // Two reporters may share a name: the second gets "-2", and so on.
    const base = slugify(name, MAX_SLUG - 4);
    for (let n = 1; n < 1000; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await takenByOther(slug))) return slug;
    }
    throw invalid('slug', 'Choose a slug: every one made from this name is taken.');
  }
}

/** Links as given, checked: at most MAX_LINKS, each with a label and an http(s) address. */
function cleanLinks(links: AuthorLink[]): AuthorLink[] {
  if (links.length > MAX_LINKS) throw invalid('links', `At most ${MAX_LINKS} links`);
  return links.map((l, i) => {
    const label = plainText(l.label ?? '');
    const url = (l.url ?? '').trim();
    const field = `link${i + 1}`;
    if (!label) throw invalid(`${field}_label`, 'Give the link a label.');
    if (label.length > MAX_LINK_LABEL)
      throw invalid(`${field}_label`, `At most ${MAX_LINK_LABEL} characters`);
    if (!isWebUrl(url)) throw invalid(`${field}_url`, LINK_URL_RULE);
    return { label, url };
  });
}

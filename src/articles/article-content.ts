import { findAuthorsBySlugs } from '../authors/authors.repository.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleRow, ArticleStatus } from '../core/db/schema.ts';
import { ValidationError } from '../core/errors.ts';
import { plainText, sanitizeBody } from '../core/sanitize.ts';
import { slugify } from '../core/slug.ts';
import { findMedia } from '../media/media.repository.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import { findTagsBySlugs, insertTag } from '../tags/tags.repository.ts';
import { insertRevision } from './article-edits.repository.ts';
import { authorsOfArticle, setArticleAuthors, setArticleTags, tagsOfArticle } from './articles.repository.ts';
import type { ArticleContent } from './articles.schema.ts';

/** A stored article as editable content: what the editor form and the admin API both show. */
export async function contentOf(db: Database, sections: SectionTree, a: ArticleRow): Promise<ArticleContent> {
  const [tags, authors] = await Promise.all([tagsOfArticle(db, a.id), authorsOfArticle(db, a.id)]);
  return {
    headline: a.headline,
    slug: a.slug,
    place: a.place ?? undefined,
    lede: a.lede,
    body: a.body,
    section: sections.get(a.section_id)?.slug ?? '',
    tags: tags.map((t) => t.name),
    authors: authors.map((x) => x.slug),
    kind: a.kind,
    breaking: a.breaking === 1,
    leadImage: a.lead_media_id,
  };
}

/**
 * The slug a save without one keeps: the current one once the article has been published (its
 * address is out there); before that, none, so the slug follows the headline.
 */
export function keptSlug(a: Pick<ArticleRow, 'slug' | 'published_at'>): string | undefined {
  return a.published_at === null ? undefined : a.slug;
}

/**
 * The reverse of contentOf: validated content into row fields, tag ids (creating new tags), author
 * ids and the snapshot a revision keeps. Unknown sections, authors and images are refused.
 */
export async function resolveContent(
  db: Database,
  sections: SectionTree,
  a: ArticleContent,
  currentSlug?: string,
) {
  const section = sections.bySlugOrUndefined(a.section);
  if (!section) throw new ValidationError('Unknown section.', { section: `No section "${a.section}"` });
  const headline = plainText(a.headline);
  if (!headline) throw new ValidationError('The headline is empty.', { headline: 'Required' });
  const authorSlugs = [...new Set(a.authors)];
  const authors = await findAuthorsBySlugs(db, authorSlugs);
  if (authors.length !== authorSlugs.length) {
    throw new ValidationError('Unknown author.', { authors: 'Every author must exist' });
  }
  const bySlug = new Map(authors.map((x) => [x.slug, x.id]));
  const tagIds = await ensureTags(db, a.tags);
  const place = a.place ? plainText(a.place) || null : null;
  if (a.leadImage && !(await findMedia(db, a.leadImage))) {
    throw new ValidationError('The lead image does not exist.', { leadImage: 'Unknown image' });
  }
  const row = {
    slug: a.slug ? slugify(a.slug) : (currentSlug ?? slugify(headline)),
    headline,
    place,
    lede: plainText(a.lede),
    body: sanitizeBody(a.body),
    section_id: section.id,
    root_section_id: (section.parent ?? section).id,
    kind: a.kind,
    breaking: a.breaking ? 1 : 0,
    lead_media_id: a.leadImage ?? null,
  };
  const snapshot: ArticleContent = {
    headline,
    place: place ?? undefined,
    lede: row.lede,
    body: row.body,
    slug: row.slug,
    section: section.slug,
    tags: a.tags,
    authors: authorSlugs,
    kind: a.kind,
    breaking: a.breaking,
    leadImage: a.leadImage ?? null,
  };
  return { row, tagIds, authorIds: authorSlugs.map((s) => bySlug.get(s)!), snapshot };
}

export type ResolvedContent = Awaited<ReturnType<typeof resolveContent>>;

/**
 * Writes what every save writes besides the article row, in the caller's transaction: the tag and
 * author links (dated `joinTime` when published, for the listings) and the revision.
 */
export async function saveRevision(
  db: Database,
  id: number,
  c: ResolvedContent,
  r: {
    version: number;
    status: ArticleStatus;
    savedAt: number;
    savedBy: number | null;
    joinTime: number | null;
  },
): Promise<void> {
  await setArticleTags(db, id, c.tagIds, r.joinTime);
  await setArticleAuthors(db, id, c.authorIds, r.joinTime);
  await insertRevision(db, {
    article_id: id,
    version: r.version,
    saved_at: r.savedAt,
    saved_by: r.savedBy,
    status: r.status,
    content: JSON.stringify(c.snapshot),
  });
}

/** Tags by name: existing ones by slug, new ones created. Order kept, duplicates dropped. */
async function ensureTags(db: Database, names: string[]): Promise<number[]> {
  const wanted = new Map<string, string>();
  for (const n of names) {
    const name = plainText(n);
    if (name) wanted.set(slugify(name), name);
  }
  const existing = new Map((await findTagsBySlugs(db, [...wanted.keys()])).map((t) => [t.slug, t.id]));
  const ids: number[] = [];
  for (const [slug, name] of wanted) {
    ids.push(existing.get(slug) ?? (await insertTag(db, { slug, name })).id);
  }
  return ids;
}

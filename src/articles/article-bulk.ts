import { type Actor, auditBy, requireActor, userOf } from '../accounts/actor.ts';
import { ForbiddenError } from '../accounts/auth.ts';
import { can } from '../accounts/permissions.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.ts';
import { plainText } from '../core/sanitize.ts';
import { slugify } from '../core/slug.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import { contentOf } from './article-content.ts';
import { deleteDraft } from './article-list.repository.ts';
import { findArticleById } from './articles.repository.ts';
import type { ArticleContent } from './articles.schema.ts';

/**
 * The article list's bulk actions for editors: move to a section, add a tag, delete drafts. Each
 * article is changed on its own, as a save of its own (revision, version, indexes, events through
 * the service's save), and audited; one that cannot be changed is skipped with the reason, and the
 * others go ahead.
 */

export interface BulkItem {
  id: number;
  headline: string;
}

export interface BulkOutcome {
  done: BulkItem[];
  skipped: (BulkItem & { reason: string })[];
}

export interface BulkDeps {
  db: Database;
  sections: SectionTree;
  audit?: AuditLog | undefined;
  /** Saves new content as the service's update does, if nobody saved since `version`. */
  save(id: number, content: ArticleContent, version: number, actor: Actor): Promise<unknown>;
}

/** At most this many articles in one action: a page of the list. */
export const MAX_BULK = 100;

/** The acting user must be one who may change anyone's article (an editor); system actors may. */
function checkActor(actorIn: Actor): Actor {
  const actor = requireActor(actorIn);
  const user = userOf(actor);
  if (user && !can(user.role, 'article.edit-any')) {
    throw new ForbiddenError('Only editors can change several articles at once.');
  }
  return actor;
}

function unique(ids: number[]): number[] {
  const out = [...new Set(ids)];
  if (out.length === 0) throw new ValidationError('Select at least one article.', { ids: 'Required' });
  if (out.length > MAX_BULK) {
    throw new ValidationError(`Select at most ${MAX_BULK} articles.`, { ids: `At most ${MAX_BULK}` });
  }
  return out;
}

function audited(actor: Actor, action: string, id: number, details: Record<string, unknown>) {
  const { userId, by } = auditBy(actor);
  return { userId, action, subject: `article:${id}`, details: by ? { ...details, by } : details };
}

/**
 * Runs `act` on each article that still exists, once per id: `act` answers why it skipped the
 * article, or nothing when it was done.
 */
async function forEachArticle(
  deps: BulkDeps,
  ids: number[],
  act: (article: ArticleRow) => Promise<string | undefined>,
): Promise<BulkOutcome> {
  const out: BulkOutcome = { done: [], skipped: [] };
  for (const id of unique(ids)) {
    const article = await findArticleById(deps.db, id);
    if (!article) {
      out.skipped.push({ id, headline: `#${id}`, reason: 'It no longer exists.' });
      continue;
    }
    const item = { id, headline: article.headline };
    const skipped = await act(article);
    if (skipped === undefined) out.done.push(item);
    else out.skipped.push({ ...item, reason: skipped });
  }
  return out;
}

/** Why a save refused by the service skipped the article; anything else is a failure. */
function refusalOf(err: unknown): string {
  if (err instanceof ConflictError) return 'Someone saved it just now; try again.';
  if (err instanceof ValidationError || err instanceof ForbiddenError || err instanceof NotFoundError) {
    return err.message;
  }
  throw err;
}

/**
 * Changes each article's content with `change` (which returns the new content, or why the article
 * is skipped) and saves it at the version just read: a save by someone else in between skips it.
 */
function editEach(
  deps: BulkDeps,
  ids: number[],
  actorIn: Actor,
  action: string,
  change: (c: ArticleContent, a: ArticleRow) => { content: ArticleContent; details: object } | string,
): Promise<BulkOutcome> {
  const actor = checkActor(actorIn);
  return forEachArticle(deps, ids, async (article) => {
    const next = change(await contentOf(deps.db, deps.sections, article), article);
    if (typeof next === 'string') return next;
    try {
      await deps.save(article.id, next.content, article.version, actor);
    } catch (err) {
      return refusalOf(err);
    }
    const details = { ...next.details, version: article.version + 1 };
    await deps.audit?.record(audited(actor, action, article.id, details));
    return undefined;
  });
}

export function moveToSection(
  deps: BulkDeps,
  ids: number[],
  slug: string,
  actor: Actor,
): Promise<BulkOutcome> {
  const section = deps.sections.bySlugOrUndefined(slug);
  if (!section)
    throw new ValidationError('Choose a section to move the articles to.', { section: 'Unknown section' });
  return editEach(deps, ids, actor, 'article.move', (c) =>
    c.section === section.slug
      ? `It is in ${section.name} already.`
      : { content: { ...c, section: section.slug }, details: { from: c.section, to: section.slug } },
  );
}

export function addTag(deps: BulkDeps, ids: number[], name: string, actor: Actor): Promise<BulkOutcome> {
  const tag = plainText(name).slice(0, 80);
  if (!tag) throw new ValidationError('Enter the tag to add.', { tag: 'Required' });
  const slug = slugify(tag);
  return editEach(deps, ids, actor, 'article.tag', (c) =>
    c.tags.some((t) => slugify(t) === slug)
      ? `It has the tag "${tag}" already.`
      : { content: { ...c, tags: [...c.tags, tag] }, details: { tag } },
  );
}

/** Deletes the drafts among the articles; anything else is skipped (only a draft may go). */
export function deleteDrafts(deps: BulkDeps, ids: number[], actorIn: Actor): Promise<BulkOutcome> {
  const actor = checkActor(actorIn);
  return forEachArticle(deps, ids, async (article) => {
    if (article.status !== 'draft') return 'Only drafts can be deleted.';
    // The status is checked again by the delete itself, in one commit with its audit entry.
    const deleted = await deps.db.transaction().execute(async (trx) => {
      if (!(await deleteDraft(trx, article.id))) return false;
      const entry = audited(actor, 'article.delete', article.id, { headline: article.headline });
      await deps.audit?.record(entry, trx);
      return true;
    });
    return deleted ? undefined : 'It changed just now and is no longer a draft.';
  });
}

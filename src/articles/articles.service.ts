import type { SessionUser } from '../accounts/accounts.service.ts';
import { type Actor, actorId, auditBy, requireActor, userOf } from '../accounts/actor.ts';
import { ForbiddenError } from '../accounts/auth.ts';
import { can } from '../accounts/permissions.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { findAuthorsBySlugs } from '../authors/authors.repository.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleRow, ArticleStatus } from '../core/db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import { plainText, sanitizeBody } from '../core/sanitize.ts';
import { slugify } from '../core/slug.ts';
import { findMedia } from '../media/media.repository.ts';
import { RelatedService } from '../related/related.service.ts';
import { SearchService } from '../search/search.service.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import { findTagsBySlugs, insertTag } from '../tags/tags.repository.ts';
import * as edits from './article-edits.repository.ts';
import * as repo from './articles.repository.ts';
import {
  type ArticleContent,
  type ArticleContentInput,
  type ArticleInput,
  articleContentSchema,
  articleInputSchema,
  issuesToFields,
  type Transition,
} from './articles.schema.ts';

export type { Actor };

export { ConflictError };

/**
 * Something kept in step with published articles (the search index, related lists). Called in the
 * transaction that publishes, updates or withdraws the article; it reads the article's state there.
 */
export interface ArticleIndexer {
  /** May return other articles whose pages changed too (for cache invalidation). */
  articleChanged(db: Database, id: number): Promise<undefined | { pages: number[] }>;
}

export interface ArticleServiceDeps {
  db: Database;
  sections: SectionTree;
  /** Defaults to the search index and related lists. */
  indexers?: ArticleIndexer[];
  events?: EventBus;
  audit?: AuditLog;
  now?: () => number;
}

// Once submitted, an article is with the editors; they can return it to draft for more work.
const EDITABLE_BY_OWNER: ArticleStatus[] = ['draft'];

/** Writes articles: validation, sanitising, permissions, workflow, revisions and related lists. */
export class ArticleService {
  private readonly now: () => number;
  private readonly db: Database;
  private readonly indexers: ArticleIndexer[];
  constructor(private readonly deps: ArticleServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.db = deps.db;
    this.indexers = deps.indexers ?? [new SearchService(deps.db), new RelatedService()];
  }

  async create(input: ArticleInput, actorIn: Actor): Promise<number> {
    const actor = requireActor(actorIn);
    const user = userOf(actor);
    const parsed = articleInputSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The article is not valid.', issuesToFields(parsed.error));
    const a = parsed.data;
    if (user && !can(user.role, 'article.write')) throw new ForbiddenError();
    if (user && a.status !== 'draft' && a.status !== 'in_review' && !can(user.role, 'article.publish')) {
      throw new ForbiddenError('Only editors can publish or schedule.');
    }
    const now = this.now();
    const publishedAt = a.status === 'published' ? (a.publishedAt ?? now) : (a.publishedAt ?? null);
    const created = await this.db.transaction().execute(async (trx) => {
      const c = await this.resolveContent(trx, a);
      const id = await repo.insertArticle(trx, {
        ...c.row,
        status: a.status,
        published_at: publishedAt,
        created_at: publishedAt ?? now,
        updated_at: publishedAt ?? now,
        view_count: a.viewCount ?? 0,
        created_by: actorId(actor),
      });
      const joinTime = a.status === 'published' ? publishedAt : null;
      await repo.setArticleTags(trx, id, c.tagIds, joinTime);
      await repo.setArticleAuthors(trx, id, c.authorIds, joinTime);
      await edits.insertRevision(trx, {
        article_id: id,
        version: 1,
        saved_at: now,
        saved_by: actorId(actor),
        status: a.status,
        content: JSON.stringify(c.snapshot),
      });
      const pages = a.status === 'published' ? await this.publishedWork(trx, id, actor) : [];
      return { id, sectionId: c.row.section_id, tagIds: c.tagIds, authorIds: c.authorIds, pages };
    });
    if (a.status === 'published') {
      await this.deps.events?.emit('article.published', {
        id: created.id,
        sectionId: created.sectionId,
        tagIds: created.tagIds,
        authorIds: created.authorIds,
        pages: created.pages,
        firstTime: true,
      });
    }
    return created.id;
  }

  /**
   * Saves new content if nobody saved since `expectedVersion`; otherwise refuses with 409 and
   * changes nothing. A published article keeps its URL id and first publish time; a correction
   * note is shown on the page.
   */
  async update(
    id: number,
    input: ArticleContentInput,
    opts: { expectedVersion: number; actor: Actor; correction?: string | undefined },
  ): Promise<{ version: number }> {
    const parsed = articleContentSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The article is not valid.', issuesToFields(parsed.error));
    requireActor(opts.actor);
    const article = await this.load(id);
    this.assertCanEdit(opts.actor, article);
    const correction = plainText(opts.correction ?? '').slice(0, 1000);
    if (correction && article.status !== 'published') {
      throw new ValidationError('A correction note is only for published articles.', {
        correction: 'Not published',
      });
    }
    const now = this.now();
    const saved = await this.db.transaction().execute(async (trx) => {
      const c = await this.resolveContent(trx, parsed.data, article.slug);
      const ok = await edits.updateContent(trx, id, opts.expectedVersion, { ...c.row, updated_at: now });
      if (!ok) throw this.conflict(article);
      const joinTime = article.status === 'published' ? article.published_at : null;
      await repo.setArticleTags(trx, id, c.tagIds, joinTime);
      await repo.setArticleAuthors(trx, id, c.authorIds, joinTime);
      await edits.insertRevision(trx, {
        article_id: id,
        version: opts.expectedVersion + 1,
        saved_at: now,
        saved_by: actorId(opts.actor),
        status: article.status,
        content: JSON.stringify(c.snapshot),
      });
      if (correction) {
        await edits.insertCorrection(trx, {
          article_id: id,
          note: correction,
          created_at: now,
          user_id: actorId(opts.actor),
        });
      }
      // Text, tags or section may have changed: the indexes follow, in the same commit.
      const pages = article.status === 'published' ? await this.reindex(trx, id) : [];
      return { sectionId: c.row.section_id, tagIds: c.tagIds, authorIds: c.authorIds, pages };
    });
    if (article.status === 'published') {
      await this.deps.events?.emit('article.updated', { id, ...saved });
    }
    return { version: opts.expectedVersion + 1 };
  }

  /** Moves an article through the workflow: draft -> in review -> scheduled or published -> unpublished. */
  async transition(
    id: number,
    action: Transition,
    opts: { actor: Actor; expectedVersion?: number; at?: number },
  ): Promise<void> {
    const actor = requireActor(opts.actor);
    const user = userOf(actor);
    const article = await this.load(id);
    const now = this.now();
    const allowed: Record<Transition, ArticleStatus[]> = {
      submit: ['draft'],
      return: ['in_review', 'scheduled'],
      publish: ['draft', 'in_review', 'scheduled', 'unpublished'],
      schedule: ['draft', 'in_review', 'scheduled', 'unpublished'],
      unpublish: ['published'],
    };
    if (action === 'submit') this.assertCanEdit(actor, article);
    else if (user && !can(user.role, 'article.publish'))
      throw new ForbiddenError('Only editors can do this.');
    if (!allowed[action].includes(article.status)) {
      throw new ConflictError(`A ${article.status.replace('_', ' ')} article cannot be given "${action}".`);
    }
    let patch: Parameters<typeof edits.updateStatus>[3];
    if (action === 'submit') patch = { status: 'in_review', updated_at: now };
    else if (action === 'return') patch = { status: 'draft', scheduled_at: null, updated_at: now };
    else if (action === 'unpublish') patch = { status: 'unpublished', updated_at: now };
    else if (action === 'schedule') {
      if (!opts.at || !Number.isFinite(opts.at) || opts.at <= now) {
        throw new ValidationError('Choose a time in the future.', { at: 'Must be in the future' });
      }
      patch = { status: 'scheduled', scheduled_at: opts.at, updated_at: now };
    } else {
      // The first publish time is kept for ever; republishing after an unpublish keeps it too.
      patch = {
        status: 'published',
        published_at: article.published_at ?? now,
        scheduled_at: null,
        updated_at: now,
      };
    }
    // Only publishing (related list, event) and unpublishing (event) need the tags.
    const visible = action === 'publish' || action === 'unpublish';
    const tagIds = visible ? (await repo.tagsOfArticle(this.db, id)).map((t) => t.id) : [];
    const authorIds = visible ? (await repo.authorsOfArticle(this.db, id)).map((a) => a.id) : [];
    const pages = await this.db.transaction().execute(async (trx) => {
      if (!(await edits.updateStatus(trx, id, opts.expectedVersion, patch))) throw this.conflict(article);
      if (action === 'publish') {
        await edits.setJoinPublishedAt(trx, id, patch.published_at ?? now);
        return this.publishedWork(trx, id, actor);
      }
      if (action === 'unpublish') {
        await edits.setJoinPublishedAt(trx, id, null);
        return this.reindex(trx, id);
      }
      return [];
    });
    if (action === 'publish') {
      await this.deps.events?.emit('article.published', {
        id,
        sectionId: article.section_id,
        tagIds,
        authorIds,
        pages,
        firstTime: article.published_at == null,
      });
    }
    if (action === 'unpublish') {
      await this.deps.audit?.record(this.auditEntry(actor, 'article.unpublish', id));
      await this.deps.events?.emit('article.unpublished', {
        id,
        sectionId: article.section_id,
        tagIds,
        authorIds,
        pages,
      });
    }
    if (action === 'schedule') {
      await this.deps.audit?.record(this.auditEntry(actor, 'article.schedule', id, { at: opts.at }));
      await this.deps.events?.emit('article.scheduled', { id, at: opts.at! });
    }
  }

  /** Publishes every scheduled article whose time has come, as the given (system) actor. */
  async publishDue(actor: Actor): Promise<number[]> {
    const due = await edits.dueScheduled(this.db, this.now(), 100);
    const done: number[] = [];
    for (const d of due) {
      try {
        await this.transition(d.id, 'publish', { actor, expectedVersion: d.version });
        done.push(d.id);
      } catch (err) {
        // Changed meanwhile (returned to draft, published by hand): the next run sees the new state.
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return done;
  }

  async comment(id: number, actor: SessionUser, body: string): Promise<void> {
    const article = await this.load(id);
    if (!this.canSee(actor, article)) throw new ForbiddenError();
    const text = body.trim().slice(0, 5000);
    if (!text) throw new ValidationError('The comment is empty.', { comment: 'Required' });
    await edits.insertComment(this.db, {
      article_id: id,
      user_id: actor.id,
      body: text,
      created_at: this.now(),
    });
  }

  /** Restores a revision's content as a new save (the history is never rewritten). */
  async restore(id: number, revisionId: number, opts: { expectedVersion: number; actor: Actor }) {
    const rev = await edits.findRevision(this.db, id, revisionId);
    if (!rev) throw new NotFoundError('No such revision.');
    const content = JSON.parse(rev.content) as ArticleContent;
    return this.update(id, content, { expectedVersion: opts.expectedVersion, actor: opts.actor });
  }

  /** Reporters and contributors see only their own work in the newsroom and the API. */
  canSee(actor: SessionUser, article: Pick<ArticleRow, 'created_by'>): boolean {
    return can(actor.role, 'article.edit-any') || article.created_by === actor.id;
  }

  canEdit(actor: SessionUser, article: Pick<ArticleRow, 'created_by' | 'status'>): boolean {
    if (can(actor.role, 'article.edit-any')) return true;
    return article.created_by === actor.id && EDITABLE_BY_OWNER.includes(article.status);
  }

  private assertCanEdit(actor: Actor, article: ArticleRow): void {
    const user = userOf(actor);
    if (!user) return;
    if (!can(user.role, 'article.write') || !this.canEdit(user, article)) {
      throw new ForbiddenError(
        article.created_by === user.id
          ? 'This article is out of your hands now: only an editor can change it.'
          : 'You can only edit your own articles.',
      );
    }
  }

  private async load(id: number): Promise<ArticleRow> {
    const a = await repo.findArticleById(this.db, id);
    if (!a) throw new NotFoundError('No such article.');
    return a;
  }

  private conflict(article: ArticleRow): ConflictError {
    return new ConflictError(
      `Someone else saved "${article.headline}" after you opened it. Nothing was overwritten: copy your changes, reload the article and apply them again.`,
    );
  }

  /**
   * Work that belongs to a publish: the related list and the audit entry, written in the caller's
   * transaction (one commit); the event is raised by the caller once that commit is done.
   */
  private async publishedWork(db: Database, id: number, actor: Actor): Promise<number[]> {
    const pages = await this.reindex(db, id);
    await this.deps.audit?.record(this.auditEntry(actor, 'article.publish', id), db);
    return pages;
  }

  private auditEntry(actor: Actor, action: string, id: number, details: Record<string, unknown> = {}) {
    const { userId, by } = auditBy(actor);
    return { userId, action, subject: `article:${id}`, details: by ? { ...details, by } : details };
  }

  /** Validated content into row fields, tag ids (creating new tags) and author ids. */
  private async resolveContent(db: Database, a: ArticleContent, currentSlug?: string) {
    const section = this.deps.sections.bySlugOrUndefined(a.section);
    if (!section) throw new ValidationError('Unknown section.', { section: `No section "${a.section}"` });
    const headline = plainText(a.headline);
    if (!headline) throw new ValidationError('The headline is empty.', { headline: 'Required' });
    const authorSlugs = [...new Set(a.authors)];
    const authors = await findAuthorsBySlugs(db, authorSlugs);
    if (authors.length !== authorSlugs.length) {
      throw new ValidationError('Unknown author.', { authors: 'Every author must exist' });
    }
    const bySlug = new Map(authors.map((x) => [x.slug, x.id]));
    const tagIds = await this.ensureTags(db, a.tags);
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

  /** Tags by name: existing ones by slug, new ones created. Order kept, duplicates dropped. */
  private async ensureTags(db: Database, names: string[]): Promise<number[]> {
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

  /** Brings every index (search, related lists) in line with one article's current state. */
  async reindex(db: Database, id: number): Promise<number[]> {
    const pages: number[] = [];
    for (const ix of this.indexers) pages.push(...((await ix.articleChanged(db, id))?.pages ?? []));
    return pages;
  }
}

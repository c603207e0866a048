import type { SessionUser } from '../accounts/accounts.service.ts';
import { type Actor, actorId, auditBy, requireActor, userOf } from '../accounts/actor.ts';
import { ForbiddenError } from '../accounts/auth.ts';
import { can } from '../accounts/permissions.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import { ConflictError, fieldErrors, NotFoundError, ValidationError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import { plainText } from '../core/sanitize.ts';
import { RelatedService } from '../related/related.service.ts';
import { SearchService } from '../search/search.service.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import * as bulk from './article-bulk.ts';
import { keptSlug, resolveContent, saveRevision } from './article-content.ts';
import * as edits from './article-edits.repository.ts';
import { ArticlePublishing, loadArticle, staleVersion } from './articles.publishing.ts';
import * as repo from './articles.repository.ts';
import {
  type ArticleContent,
  type ArticleContentInput,
  type ArticleInput,
  articleContentSchema,
  articleInputSchema,
} from './articles.schema.ts';
import type { ArticleIndexer } from './indexer.ts';
import { canEdit, canSee, editRefusal, type Transition } from './workflow.ts';

export type { Actor, ArticleIndexer };
export { ConflictError };

export interface ArticleServiceDeps {
  db: Database;
  sections: SectionTree;
  /** Defaults to the search index and related lists. */
  indexers?: ArticleIndexer[];
  events?: EventBus;
  audit?: AuditLog;
  now?: () => number;
}

/**
 * Writes articles: validation, sanitising, permissions, revisions and comments here; workflow moves
 * and what publishing brings (indexes, audit, events) in ArticlePublishing.
 */
export class ArticleService {
  private readonly now: () => number;
  private readonly db: Database;
  private readonly publishing: ArticlePublishing;
  constructor(private readonly deps: ArticleServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.db = deps.db;
    this.publishing = new ArticlePublishing({
      db: deps.db,
      sections: deps.sections,
      indexers: deps.indexers ?? [new SearchService(deps.db), new RelatedService()],
      events: deps.events,
      audit: deps.audit,
      now: this.now,
    });
  }

  async create(input: ArticleInput, actorIn: Actor): Promise<number> {
    const actor = requireActor(actorIn);
    const user = userOf(actor);
    const parsed = articleInputSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The article is not valid.', fieldErrors(parsed.error));
    const a = parsed.data;
    if (user && !can(user.role, 'article.write')) throw new ForbiddenError();
    if (user && a.status !== 'draft' && a.status !== 'in_review' && !can(user.role, 'article.publish')) {
      throw new ForbiddenError('Only editors can publish or schedule.');
    }
    const now = this.now();
    const publishedAt = a.status === 'published' ? (a.publishedAt ?? now) : (a.publishedAt ?? null);
    const created = await this.db.transaction().execute(async (trx) => {
      const c = await resolveContent(trx, this.deps.sections, a);
      const id = await repo.insertArticle(trx, {
        ...c.row,
        status: a.status,
        published_at: publishedAt,
        created_at: publishedAt ?? now,
        updated_at: publishedAt ?? now,
        view_count: a.viewCount ?? 0,
        created_by: actorId(actor),
      });
      await saveRevision(trx, id, c, {
        version: 1,
        status: a.status,
        savedAt: now,
        savedBy: actorId(actor),
        joinTime: a.status === 'published' ? publishedAt : null,
      });
      const pages = a.status === 'published' ? await this.publishing.publishedWork(trx, id, actor) : [];
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
    opts: {
      expectedVersion: number;
      actor: Actor;
      correction?: string | undefined;
      /**
       * A save that settles a conflict: the fields of another person's save (their `version`) it
       * knowingly replaces, audited as `article.overwrite` or `article.merge`.
       */
      overwrites?: { version: number; fields: string[]; how: 'overwrite' | 'merge' } | undefined;
    },
  ): Promise<{ version: number }> {
    const parsed = articleContentSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The article is not valid.', fieldErrors(parsed.error));
    requireActor(opts.actor);
    const article = await loadArticle(this.db, id);
    this.assertCanEdit(opts.actor, article);
    const correction = plainText(opts.correction ?? '').slice(0, 1000);
    if (correction && article.status !== 'published') {
      throw new ValidationError('A correction note is only for published articles.', {
        correction: 'Not published',
      });
    }
    const now = this.now();
    const saved = await this.db.transaction().execute(async (trx) => {
      const c = await resolveContent(trx, this.deps.sections, parsed.data, keptSlug(article));
      const ok = await edits.updateContent(trx, id, opts.expectedVersion, { ...c.row, updated_at: now });
      if (!ok) throw staleVersion(article);
      await saveRevision(trx, id, c, {
        version: opts.expectedVersion + 1,
        status: article.status,
        savedAt: now,
        savedBy: actorId(opts.actor),
        joinTime: article.status === 'published' ? article.published_at : null,
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
      const pages = article.status === 'published' ? await this.publishing.reindex(trx, id) : [];
      return { sectionId: c.row.section_id, tagIds: c.tagIds, authorIds: c.authorIds, pages };
    });
    if (opts.overwrites && opts.overwrites.fields.length > 0) {
      const { userId, by } = auditBy(opts.actor);
      await this.deps.audit?.record({
        userId,
        action: `article.${opts.overwrites.how}`,
        subject: `article:${id}`,
        details: {
          replacedVersion: opts.overwrites.version,
          fields: opts.overwrites.fields,
          ...(by ? { by } : {}),
        },
      });
    }
    if (article.status === 'published') {
      await this.deps.events?.emit('article.updated', { id, ...saved });
    }
    return { version: opts.expectedVersion + 1 };
  }

  /** Moves an article through the workflow: draft -> in review -> scheduled or published -> unpublished. */
  transition(
    id: number,
    action: Transition,
    opts: { actor: Actor; expectedVersion?: number; at?: number; reason?: string },
  ): Promise<void> {
    return this.publishing.transition(id, action, opts);
  }

  /**
   * Saves what the form holds and makes the move in one step (one version check, one revision with
   * the new status), so a button never acts on text older than what was on the screen.
   */
  async saveAndTransition(
    id: number,
    input: ArticleContentInput,
    action: Transition,
    opts: { actor: Actor; expectedVersion: number; at?: number | undefined },
  ): Promise<{ version: number }> {
    const parsed = articleContentSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('The article is not valid.', fieldErrors(parsed.error));
    const article = await loadArticle(this.db, id);
    this.assertCanEdit(requireActor(opts.actor), article);
    await this.publishing.transition(id, action, { ...opts, content: parsed.data });
    return { version: opts.expectedVersion + 1 };
  }

  /** Publishes every scheduled article whose time has come, as the given (system) actor. */
  publishDue(actor: Actor): Promise<number[]> {
    return this.publishing.publishDue(actor);
  }

  async comment(id: number, actor: SessionUser, body: string): Promise<void> {
    const article = await loadArticle(this.db, id);
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

  /**
   * Restores a revision's content as a new save (the history is never rewritten), recorded in the
   * audit log with the version brought back and the version it made.
   */
  async restore(id: number, revisionId: number, opts: { expectedVersion: number; actor: Actor }) {
    const rev = await edits.findRevision(this.db, id, revisionId);
    if (!rev) throw new NotFoundError('No such revision.');
    const content = JSON.parse(rev.content) as ArticleContent;
    const saved = await this.update(id, content, {
      expectedVersion: opts.expectedVersion,
      actor: opts.actor,
    });
    const { userId, by } = auditBy(opts.actor);
    const details = { revision: rev.id, restoredVersion: rev.version, version: saved.version };
    await this.deps.audit?.record({
      userId,
      action: 'article.restore',
      subject: `article:${id}`,
      details: by ? { ...details, by } : details,
    });
    return saved;
  }

  /** Reporters and contributors see only their own work in the newsroom and the API. */
  canSee(actor: SessionUser, article: Pick<ArticleRow, 'created_by'>): boolean {
    return canSee(actor, article);
  }

  canEdit(actor: SessionUser, article: Pick<ArticleRow, 'created_by' | 'status'>): boolean {
    return canEdit(actor, article);
  }

  private assertCanEdit(actor: Actor, article: ArticleRow): void {
    const user = userOf(actor);
    const refused = user && editRefusal(user, article);
    if (refused) throw new ForbiddenError(refused);
  }

  /** Brings every index (search, related lists) in line with one article's current state. */
  reindex(db: Database, id: number): Promise<number[]> {
    return this.publishing.reindex(db, id);
  }

  /** The article list's bulk actions (editors): each article saved on its own and audited. */
  moveToSection(ids: number[], section: string, actor: Actor): Promise<bulk.BulkOutcome> {
    return bulk.moveToSection(this.bulkDeps(), ids, section, actor);
  }

  addTag(ids: number[], tag: string, actor: Actor): Promise<bulk.BulkOutcome> {
    return bulk.addTag(this.bulkDeps(), ids, tag, actor);
  }

  /** Deletes the drafts among `ids`; other articles are skipped. */
  deleteDrafts(ids: number[], actor: Actor): Promise<bulk.BulkOutcome> {
    return bulk.deleteDrafts(this.bulkDeps(), ids, actor);
  }

  private bulkDeps(): bulk.BulkDeps {
    return {
      db: this.db,
      sections: this.deps.sections,
      audit: this.deps.audit,
      save: (id, content, version, actor) => this.update(id, content, { expectedVersion: version, actor }),
    };
  }
}

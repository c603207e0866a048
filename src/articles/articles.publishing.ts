import { type Actor, actorId, auditBy, requireActor, userOf } from '../accounts/actor.ts';
import { ForbiddenError } from '../accounts/auth.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import { ConflictError, NotFoundError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import { keptSlug, resolveContent, saveRevision } from './article-content.ts';
import * as edits from './article-edits.repository.ts';
import * as repo from './articles.repository.ts';
import type { ArticleContent } from './articles.schema.ts';
import type { ArticleIndexer } from './indexer.ts';
import { type StatusPatch, statusPatch, type Transition, transitionRefusal } from './workflow.ts';

export interface ArticlePublishingDeps {
  db: Database;
  sections: SectionTree;
  indexers: ArticleIndexer[];
  events?: EventBus | undefined;
  audit?: AuditLog | undefined;
  now: () => number;
}

/** The article, or a 404. */
export async function loadArticle(db: Database, id: number): Promise<ArticleRow> {
  const a = await repo.findArticleById(db, id);
  if (!a) throw new NotFoundError('No such article.');
  return a;
}

/**
 * The 409 for a save or move made on a version someone else has already replaced. Nothing was
 * written; the newsroom shows who saved and what changed, and lets the user choose.
 */
export class StaleVersionError extends ConflictError {
  constructor(readonly article: Pick<ArticleRow, 'id' | 'headline' | 'version'>) {
    super(`Someone else saved "${article.headline}" after you opened it. Nothing was overwritten.`);
  }
}

export function staleVersion(article: ArticleRow): StaleVersionError {
  return new StaleVersionError(article);
}

/** Options of a move; with `content`, what the form held is saved in the same step. */
export interface MoveOptions {
  actor: Actor;
  expectedVersion?: number | undefined;
  at?: number | undefined;
  /** Why (an unpublish asks for one); kept in the audit entry. */
  reason?: string | undefined;
  /** Validated content to save with the move: one version check, one revision with the new status. */
  content?: ArticleContent | undefined;
}

/**
 * The workflow side of ArticleService: status moves and what publishing brings with it (the search
 * index and related lists, audit entries, events).
 */
export class ArticlePublishing {
  constructor(private readonly deps: ArticlePublishingDeps) {}

  /** Moves an article through the workflow: draft -> in review -> scheduled or published -> unpublished. */
  async transition(id: number, action: Transition, opts: MoveOptions): Promise<void> {
    const { db } = this.deps;
    const actor = requireActor(opts.actor);
    const article = await loadArticle(db, id);
    const now = this.deps.now();
    const refused = transitionRefusal(action, article, userOf(actor));
    if (refused?.kind === 'forbidden') throw new ForbiddenError(refused.message);
    if (refused) throw new ConflictError(refused.message);
    const patch = statusPatch(action, article, now, opts.at);
    if (opts.content && opts.expectedVersion === undefined) throw staleVersion(article);
    const moved = await db.transaction().execute(async (trx) => {
      const saved = await this.writeMove(trx, article, patch, opts);
      if (action === 'publish') {
        await edits.setJoinPublishedAt(trx, id, patch.published_at ?? now);
        return { ...saved, pages: await this.publishedWork(trx, id, actor) };
      }
      if (action === 'unpublish') {
        await edits.setJoinPublishedAt(trx, id, null);
        return { ...saved, pages: await this.reindex(trx, id) };
      }
      return { ...saved, pages: [] as number[] };
    });
    await this.announce(action, article, { id, ...moved }, actor, opts);
  }

  /**
   * The row written by a move: the status fields, and with content the text too (one version check
   * for both), with its revision. Tags and authors are those saved, for the events.
   */
  private async writeMove(trx: Database, article: ArticleRow, patch: StatusPatch, opts: MoveOptions) {
    const { id } = article;
    const visible = patch.status === 'published' || article.status === 'published';
    if (!opts.content) {
      if (!(await edits.updateStatus(trx, id, opts.expectedVersion, patch))) throw staleVersion(article);
      // Only publishing (related list, event) and unpublishing (event) need the tags.
      return {
        sectionId: article.section_id,
        tagIds: visible ? (await repo.tagsOfArticle(trx, id)).map((t) => t.id) : [],
        authorIds: visible ? (await repo.authorsOfArticle(trx, id)).map((a) => a.id) : [],
      };
    }
    const c = await resolveContent(trx, this.deps.sections, opts.content, keptSlug(article));
    const expected = opts.expectedVersion!;
    if (!(await edits.updateStatus(trx, id, expected, { ...patch, ...c.row }))) throw staleVersion(article);
    await saveRevision(trx, id, c, {
      version: expected + 1,
      status: patch.status,
      savedAt: patch.updated_at,
      savedBy: actorId(opts.actor),
      joinTime: patch.status === 'published' ? (patch.published_at ?? patch.updated_at) : null,
    });
    return { sectionId: c.row.section_id, tagIds: c.tagIds, authorIds: c.authorIds };
  }

  /** After the commit: the move's audit entry and event. */
  private async announce(
    action: Transition,
    article: ArticleRow,
    moved: { id: number; sectionId: number; tagIds: number[]; authorIds: number[]; pages: number[] },
    actor: Actor,
    opts: MoveOptions,
  ): Promise<void> {
    const { events, audit } = this.deps;
    const { id } = moved;
    if (action === 'publish') {
      await events?.emit('article.published', { ...moved, firstTime: article.published_at == null });
    }
    if (action === 'unpublish') {
      const why = opts.reason ? { reason: opts.reason } : {};
      await audit?.record(this.auditEntry(actor, 'article.unpublish', id, why));
      await events?.emit('article.unpublished', moved);
    }
    if (action === 'schedule') {
      await audit?.record(this.auditEntry(actor, 'article.schedule', id, { at: opts.at }));
      await events?.emit('article.scheduled', { id, at: opts.at! });
    }
  }

  /** Publishes every scheduled article whose time has come, as the given (system) actor. */
  async publishDue(actor: Actor): Promise<number[]> {
    const due = await edits.dueScheduled(this.deps.db, this.deps.now(), 100);
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

  /**
   * Work that belongs to a publish: the related list and the audit entry, written in the caller's
   * transaction (one commit); the event is raised by the caller once that commit is done.
   */
  async publishedWork(db: Database, id: number, actor: Actor): Promise<number[]> {
    const pages = await this.reindex(db, id);
    await this.deps.audit?.record(this.auditEntry(actor, 'article.publish', id), db);
    return pages;
  }

  /** Brings every index (search, related lists) in line with one article's current state. */
  async reindex(db: Database, id: number): Promise<number[]> {
    const pages: number[] = [];
    for (const ix of this.deps.indexers) pages.push(...((await ix.articleChanged(db, id))?.pages ?? []));
    return pages;
  }

  private auditEntry(actor: Actor, action: string, id: number, details: Record<string, unknown> = {}) {
    const { userId, by } = auditBy(actor);
    return { userId, action, subject: `article:${id}`, details: by ? { ...details, by } : details };
  }
}

import { type Actor, auditBy, requireActor, userOf } from '../accounts/actor.ts';
import { ForbiddenError } from '../accounts/auth.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import { ConflictError, NotFoundError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import * as edits from './article-edits.repository.ts';
import * as repo from './articles.repository.ts';
import type { ArticleIndexer } from './indexer.ts';
import { statusPatch, type Transition, transitionRefusal } from './workflow.ts';

export interface ArticlePublishingDeps {
  db: Database;
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

/** The 409 for a save or move made on a version someone else has already replaced. */
export function staleVersion(article: ArticleRow): ConflictError {
  return new ConflictError(
    `Someone else saved "${article.headline}" after you opened it. Nothing was overwritten: copy your changes, reload the article and apply them again.`,
  );
}

/**
 * The workflow side of ArticleService: status moves and what publishing brings with it (the search
 * index and related lists, audit entries, events).
 */
export class ArticlePublishing {
  constructor(private readonly deps: ArticlePublishingDeps) {}

  /** Moves an article through the workflow: draft -> in review -> scheduled or published -> unpublished. */
  async transition(
    id: number,
    action: Transition,
    opts: { actor: Actor; expectedVersion?: number; at?: number },
  ): Promise<void> {
    const { db } = this.deps;
    const actor = requireActor(opts.actor);
    const article = await loadArticle(db, id);
    const now = this.deps.now();
    const refused = transitionRefusal(action, article, userOf(actor));
    if (refused?.kind === 'forbidden') throw new ForbiddenError(refused.message);
    if (refused) throw new ConflictError(refused.message);
    const patch = statusPatch(action, article, now, opts.at);
    // Only publishing (related list, event) and unpublishing (event) need the tags.
    const visible = action === 'publish' || action === 'unpublish';
    const tagIds = visible ? (await repo.tagsOfArticle(db, id)).map((t) => t.id) : [];
    const authorIds = visible ? (await repo.authorsOfArticle(db, id)).map((a) => a.id) : [];
    const pages = await db.transaction().execute(async (trx) => {
      if (!(await edits.updateStatus(trx, id, opts.expectedVersion, patch))) throw staleVersion(article);
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
    const { events, audit } = this.deps;
    const moved = { id, sectionId: article.section_id, tagIds, authorIds, pages };
    if (action === 'publish') {
      await events?.emit('article.published', { ...moved, firstTime: article.published_at == null });
    }
    if (action === 'unpublish') {
      await audit?.record(this.auditEntry(actor, 'article.unpublish', id));
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

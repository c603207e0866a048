import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import { plainText } from '../core/sanitize.ts';
import { SLUG_PATTERN, slugify } from '../core/slug.ts';
import * as repo from './tags.repository.ts';

export interface TagWithCount {
  id: number;
  slug: string;
  name: string;
  /** Articles carrying the tag. */
  articles: number;
}

/** Renaming, merging and deleting tags. Old slugs keep answering with a 301 to the tag they became. */
export class TagAdmin {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
  ) {}

  /** The tags screen: up to 200 tags by name (those whose name contains `search`), with their use. */
  async list(search?: string): Promise<TagWithCount[]> {
    const rows = await repo.listTagsWithCounts(this.db, 200, search || undefined);
    // COUNT arrives as a string from PostgreSQL.
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, articles: Number(r.n) }));
  }

  async rename(id: number, input: { name: string; slug?: string }, actorId: number) {
    const tag = await repo.findTagById(this.db, id);
    if (!tag) throw new NotFoundError('No such tag.');
    const name = plainText(input.name).slice(0, 80);
    if (!name) throw new ValidationError('The tag needs a name.', { name: 'Required' });
    const slug = (input.slug?.trim().toLowerCase() || slugify(name)).slice(0, 120);
    if (!SLUG_PATTERN.test(slug))
      throw new ValidationError('The slug may hold only lower-case letters, digits and hyphens.');
    const other = await repo.findTagBySlug(this.db, slug);
    if (other && other.id !== id)
      throw new ValidationError(`"${slug}" is another tag; merge them instead.`, { slug: 'Taken' });
    await this.db.transaction().execute(async (trx) => {
      await repo.updateTag(trx, id, { name, slug });
      if (slug !== tag.slug) await repo.addTagRedirect(trx, tag.slug, id);
    });
    await this.audit.record({
      userId: actorId,
      action: 'tag.rename',
      subject: `tag:${id}`,
      details: { from: tag.slug, to: slug },
    });
    await this.events.emit('tags.changed', { tagIds: [id] });
  }

  async merge(sourceId: number, targetId: number, actorId: number) {
    if (sourceId === targetId) throw new ValidationError('Choose two different tags.');
    const [source, target] = await Promise.all([
      repo.findTagById(this.db, sourceId),
      repo.findTagById(this.db, targetId),
    ]);
    if (!source || !target) throw new NotFoundError('No such tag.');
    await this.db.transaction().execute(async (trx) => {
      await repo.mergeTagInto(trx, sourceId, targetId);
      await repo.addTagRedirect(trx, source.slug, targetId);
    });
    await this.audit.record({
      userId: actorId,
      action: 'tag.merge',
      subject: `tag:${targetId}`,
      details: { merged: source.slug, into: target.slug },
    });
    await this.events.emit('tags.changed', { tagIds: [sourceId, targetId] });
    await this.events.emit('tags.merged', { sourceId, targetId });
  }

  /** Merges the tag into the one with this slug (as an editor types it). */
  async mergeIntoSlug(sourceId: number, targetSlug: string, actorId: number) {
    const target = await repo.findTagBySlug(this.db, targetSlug.trim().toLowerCase());
    if (!target) throw new ValidationError('No tag has that slug.', { into: 'Unknown tag' });
    await this.merge(sourceId, target.id, actorId);
  }

  async remove(id: number, actorId: number) {
    const tag = await repo.findTagById(this.db, id);
    if (!tag) throw new NotFoundError('No such tag.');
    const n = await repo.countTagArticles(this.db, id);
    if (n > 0)
      throw new ConflictError(
        `The tag is on ${n} article(s); it can be deleted only when unused (or merge it).`,
      );
    await repo.deleteTag(this.db, id);
    await this.audit.record({
      userId: actorId,
      action: 'tag.delete',
      subject: `tag:${id}`,
      details: { slug: tag.slug },
    });
    await this.events.emit('tags.changed', { tagIds: [id] });
  }
}

import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import { plainText } from '../core/sanitize.ts';
import { SLUG_PATTERN, slugify } from '../core/slug.ts';
import * as repo from './sections.repository.ts';
import type { SectionTree } from './sections.service.ts';

/** Creating, renaming and deleting sections. Renamed slugs keep answering with a 301. */
export class SectionAdmin {
  constructor(
    private readonly db: Database,
    private readonly tree: SectionTree,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
  ) {}

  private clean(input: { name: string; slug?: string; description?: string }) {
    const name = plainText(input.name).slice(0, 200);
    if (!name) throw new ValidationError('The section needs a name.', { name: 'Required' });
    const slug = input.slug ? input.slug.trim().toLowerCase() : slugify(name);
    if (!SLUG_PATTERN.test(slug) || slug.length > 120) {
      throw new ValidationError('The slug may hold only lower-case letters, digits and hyphens.', {
        slug: 'Invalid',
      });
    }
    return { name, slug, description: plainText(input.description ?? '').slice(0, 500) };
  }

  async create(
    input: { name: string; slug?: string; description?: string; parentSlug?: string },
    actorId: number,
  ) {
    const c = this.clean(input);
    if (this.tree.bySlugOrUndefined(c.slug))
      throw new ValidationError('That slug is taken.', { slug: 'Taken' });
    const parent = input.parentSlug ? this.tree.bySlugOrUndefined(input.parentSlug) : undefined;
    if (input.parentSlug && !parent)
      throw new ValidationError('Unknown parent section.', { parent: 'Unknown' });
    if (parent?.parent)
      throw new ValidationError('Sections nest one level only.', { parent: 'Not a top-level section' });
    const id = await repo.insertSection(this.db, {
      ...c,
      parent_id: parent?.id ?? null,
      position: this.tree.all().length,
    });
    await this.audit.record({ userId: actorId, action: 'section.create', subject: `section:${id}` });
    await this.changed([id]);
    return id;
  }

  async rename(id: number, input: { name: string; slug?: string; description?: string }, actorId: number) {
    const s = this.tree.get(id);
    if (!s) throw new NotFoundError('No such section.');
    const c = this.clean({ ...input, slug: input.slug || s.slug });
    const other = this.tree.bySlugOrUndefined(c.slug);
    if (other && other.id !== id) throw new ValidationError('That slug is taken.', { slug: 'Taken' });
    await this.db.transaction().execute(async (trx) => {
      await repo.updateSection(trx, id, c);
      if (c.slug !== s.slug) await repo.addSectionRedirect(trx, s.slug, id);
    });
    await this.audit.record({
      userId: actorId,
      action: 'section.rename',
      subject: `section:${id}`,
      details: { from: s.slug, to: c.slug },
    });
    await this.changed([id]);
  }

  async remove(id: number, actorId: number) {
    const s = this.tree.get(id);
    if (!s) throw new NotFoundError('No such section.');
    if (s.children.length > 0)
      throw new ConflictError('The section has sub-sections; delete or move those first.');
    const n = await repo.countArticlesInSection(this.db, id);
    if (n > 0)
      throw new ConflictError(`The section holds ${n} article(s); it can be deleted only when empty.`);
    await repo.deleteSection(this.db, id);
    await this.audit.record({
      userId: actorId,
      action: 'section.delete',
      subject: `section:${id}`,
      details: { slug: s.slug },
    });
    await this.changed([id]);
  }

  private async changed(ids: number[]) {
    await this.tree.reload();
    await this.events.emit('sections.changed', { sectionIds: ids });
  }
}

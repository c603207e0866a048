import type { Database } from '../core/db/database.ts';
import type { SectionRow } from '../core/db/schema.ts';
import type { Section } from '../core/model.ts';
import { listSections } from './sections.repository.ts';

export type { Section };

/**
 * Sections are few and read on every page, so the tree is held in memory and rebuilt when a
 * section changes (call `reload`).
 */
export class SectionTree {
  private byId = new Map<number, Section>();
  private bySlug = new Map<string, Section>();
  private roots: Section[] = [];

  constructor(private readonly db: Database) {}

  async reload(): Promise<void> {
    this.build(await listSections(this.db));
  }

  private build(rows: SectionRow[]): void {
    const byId = new Map<number, Section>();
    for (const r of rows) {
      byId.set(r.id, {
        id: r.id,
        slug: r.slug,
        name: r.name,
        description: r.description,
        parent: null,
        children: [],
      });
    }
    const roots: Section[] = [];
    for (const r of rows) {
      const s = byId.get(r.id)!;
      const parent = r.parent_id == null ? undefined : byId.get(r.parent_id);
      if (parent) {
        s.parent = parent;
        parent.children.push(s);
      } else roots.push(s);
    }
    this.byId = byId;
    this.bySlug = new Map([...byId.values()].map((s) => [s.slug, s]));
    this.roots = roots;
  }

  get(id: number): Section | undefined {
    return this.byId.get(id);
  }

  bySlugOrUndefined(slug: string): Section | undefined {
    return this.bySlug.get(slug);
  }

  topLevel(): Section[] {
    return this.roots;
  }

  all(): Section[] {
    return [...this.byId.values()];
  }

  /** Root first: [World, Ukraine] for World » Ukraine. */
  path(id: number): Section[] {
    const s = this.byId.get(id);
    if (!s) return [];
    return s.parent ? [s.parent, s] : [s];
  }

  rootOf(id: number): Section | undefined {
    const s = this.byId.get(id);
    return s?.parent ?? s;
  }
}

import { findAuthorsBySlugs } from '../authors/authors.repository.ts';
import type { Database } from '../core/db/database.ts';
import { ValidationError } from '../core/errors.ts';
import { plainText, sanitizeBody } from '../core/sanitize.ts';
import { slugify } from '../core/slug.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import { findTagsBySlugs, insertTag } from '../tags/tags.repository.ts';
import * as repo from './articles.repository.ts';
import { type ArticleInput, articleInputSchema } from './articles.schema.ts';
import { CANDIDATES_PER_TAG, RELATED_COUNT, type RelatedCandidate, rankRelated } from './related.ts';

export interface ArticleServiceDeps {
  db: Database;
  sections: SectionTree;
  now?: () => number;
}

/** Writes articles: validation, sanitising, slugs, tags and related lists in one place. */
export class ArticleService {
  private readonly now: () => number;
  constructor(private readonly deps: ArticleServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async create(input: ArticleInput): Promise<number> {
    const parsed = articleInputSchema.safeParse(input);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const i of parsed.error.issues) fields[i.path.join('.')] = i.message;
      throw new ValidationError('The article is not valid.', fields);
    }
    const a = parsed.data;
    const section = this.deps.sections.bySlugOrUndefined(a.section);
    if (!section) throw new ValidationError('Unknown section.', { section: `No section "${a.section}"` });
    const now = this.now();
    const publishedAt = a.status === 'published' ? (a.publishedAt ?? now) : (a.publishedAt ?? null);
    const headline = plainText(a.headline);
    if (!headline) throw new ValidationError('The headline is empty.', { headline: 'Required' });

    const { db } = this.deps;
    const id = await db.transaction().execute(async (trx) => {
      const tx = trx as unknown as Database;
      const tagIds = await this.ensureTags(tx, a.tags);
      const authors = await findAuthorsBySlugs(tx, a.authors);
      if (authors.length !== new Set(a.authors).size) {
        throw new ValidationError('Unknown author.', { authors: 'Every author must exist' });
      }
      const bySlug = new Map(authors.map((x) => [x.slug, x.id]));
      const id = await repo.insertArticle(tx, {
        slug: slugify(a.slug || headline),
        headline,
        place: a.place ? plainText(a.place) || null : null,
        lede: plainText(a.lede),
        body: sanitizeBody(a.body),
        section_id: section.id,
        root_section_id: (section.parent ?? section).id,
        kind: a.kind,
        status: a.status,
        breaking: a.breaking ? 1 : 0,
        published_at: publishedAt,
        created_at: publishedAt ?? now,
        updated_at: publishedAt ?? now,
        view_count: a.viewCount ?? 0,
      });
      const joinTime = a.status === 'published' ? publishedAt : null;
      await repo.setArticleTags(tx, id, tagIds, joinTime);
      await repo.setArticleAuthors(
        tx,
        id,
        [...new Set(a.authors)].map((s) => bySlug.get(s)!),
        joinTime,
      );
      return id;
    });
    if (a.status === 'published') await this.refreshRelated(id);
    return id;
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

  /** Recompute one article's related list from the recent articles of each of its tags. */
  async refreshRelated(articleId: number): Promise<number[]> {
    const { db } = this.deps;
    const article = await repo.findArticleById(db, articleId);
    if (!article) return [];
    const tags = await repo.tagsOfArticle(db, articleId);
    const shared = new Map<number, number>();
    for (const t of tags) {
      for (const row of await repo.recentInTag(db, t.id, CANDIDATES_PER_TAG)) {
        if (row.id !== articleId) shared.set(row.id, (shared.get(row.id) ?? 0) + 1);
      }
    }
    // Only the best-sharing candidates need their section and time looked up.
    const top = [...shared.entries()].sort((x, y) => y[1] - x[1] || y[0] - x[0]).slice(0, 200);
    const meta = await repo.sectionsAndTimes(
      db,
      top.map(([id]) => id),
    );
    const candidates: RelatedCandidate[] = meta.map((m) => ({
      id: m.id,
      shared: shared.get(m.id) ?? 0,
      sectionId: m.section_id,
      publishedAt: m.published_at ?? 0,
    }));
    if (candidates.length < RELATED_COUNT) {
      const section = this.deps.sections.get(article.section_id);
      const fill = await repo.listBySection(
        db,
        { id: article.section_id, isRoot: !section?.parent },
        RELATED_COUNT + 1,
      );
      for (const f of fill) {
        if (!shared.has(f.id))
          candidates.push({ id: f.id, shared: 0, sectionId: f.section_id, publishedAt: f.published_at });
      }
    }
    const ids = rankRelated({ id: articleId, sectionId: article.section_id }, candidates, RELATED_COUNT);
    await repo.replaceRelated(db, articleId, ids);
    return ids;
  }
}

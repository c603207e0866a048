import type { Database } from '../core/db/database.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import { authorsOfArticle, tagsOfArticle } from './articles.repository.ts';
import type { ArticleContent } from './articles.schema.ts';

/** A stored article as editable content: what the editor form and the admin API both show. */
export async function contentOf(db: Database, sections: SectionTree, a: ArticleRow): Promise<ArticleContent> {
  const [tags, authors] = await Promise.all([tagsOfArticle(db, a.id), authorsOfArticle(db, a.id)]);
  return {
    headline: a.headline,
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

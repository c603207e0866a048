import type { Database } from '../core/db/database.ts';
import type { ArticleRow } from '../core/db/schema.ts';
import { GoneError, NotFoundError } from '../core/errors.ts';
import { findMedia } from '../media/media.repository.ts';
import { RELATED_COUNT } from '../related/related.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import type { ArticleView } from './article.page.tsx';
import { listCorrections } from './article-edits.repository.ts';
import * as repo from './articles.repository.ts';

export const MORE_COUNT = 6;

/** Reads an article's public page. */
export class ArticleReader {
  constructor(
    private readonly db: Database,
    private readonly sections: SectionTree,
  ) {}

  /** A published article with everything its page shows; 404 if unknown or not yet out, 410 if withdrawn. */
  async articlePage(id: number): Promise<ArticleView> {
    const article = await repo.findArticleById(this.db, id);
    if (!article || article.published_at == null) throw new NotFoundError();
    if (article.status === 'unpublished') throw new GoneError();
    if (article.status !== 'published') throw new NotFoundError();
    return this.pageOf(article, article.published_at);
  }

  /**
   * Any article as its public page would show it, whatever its status (the newsroom's preview and
   * preview links). It has no publish time yet unless it was once out: it shows the time it is
   * scheduled for, else its last change.
   */
  async previewPage(id: number): Promise<ArticleView> {
    const article = await repo.findArticleById(this.db, id);
    if (!article) throw new NotFoundError();
    return this.pageOf(article, article.published_at ?? article.scheduled_at ?? article.updated_at);
  }

  private async pageOf(article: ArticleRow, publishedAt: number): Promise<ArticleView> {
    const id = article.id;
    const section = this.sections.get(article.section_id);
    const [tags, authors, related, more, corrections, leadImage] = await Promise.all([
      repo.tagsOfArticle(this.db, id),
      repo.authorsOfArticle(this.db, id),
      repo.listRelated(this.db, id, RELATED_COUNT),
      repo.listBySection(
        this.db,
        { id: article.section_id, isRoot: !section?.parent },
        MORE_COUNT,
        undefined,
        id,
      ),
      listCorrections(this.db, id),
      article.lead_media_id ? findMedia(this.db, article.lead_media_id) : undefined,
    ]);
    return {
      article: { ...article, published_at: publishedAt },
      path: this.sections.path(article.section_id),
      tags,
      authors,
      related,
      more,
      corrections,
      leadImage,
    };
  }
}

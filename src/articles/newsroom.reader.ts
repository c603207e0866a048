import { ForbiddenError } from '../accounts/auth.ts';
import { can } from '../accounts/permissions.ts';
import { findAuthorById, listAuthors } from '../authors/authors.repository.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleRow, ArticleStatus } from '../core/db/schema.ts';
import { NotFoundError } from '../core/errors.ts';
import { recentMedia } from '../media/media.repository.ts';
import type { Section, SectionTree } from '../sections/sections.service.ts';
import { popularTagNames } from '../tags/tags.repository.ts';
import { contentOf } from './article-content.ts';
import * as edits from './article-edits.repository.ts';
import { findArticleById } from './articles.repository.ts';
import type { ArticleContent } from './articles.schema.ts';
import { diffRevisions, type FieldDiff } from './revisions.ts';
import { canSee, type WorkflowUser } from './workflow.ts';

/** An article as the editor shows it; a new one not saved yet has no id. */
export interface DeskArticle {
  id: number | null;
  slug: string | null;
  version: number;
  status: ArticleStatus;
  createdBy: number | null;
  publishedAt: number | null;
  scheduledAt: number | null;
  content: ArticleContent;
  comments: { id: number; author: string; body: string; created_at: number }[];
  corrections: { id: number; note: string; created_at: number }[];
}

/** What the editor's lists offer. */
export interface EditorChoices {
  sections: Section[];
  authors: { slug: string; name: string }[];
  tags: string[];
  media: { id: number; alt: string }[];
}

export interface DashboardRow {
  id: number;
  headline: string;
  status: ArticleStatus;
  updated_at: number;
  scheduled_at: number | null;
  created_by_name: string | null;
  /** The latest comment by someone else, for work that came back. */
  note?: { author: string; body: string; created_at: number } | undefined;
}

export interface DashboardGroup {
  title: string;
  rows: DashboardRow[];
}

export interface RevisionRow {
  id: number;
  version: number;
  saved_at: number;
  status: string;
  saved_by_name: string | null;
}

export interface RevisionDiff {
  a: number;
  b: number;
  fields: FieldDiff[];
}

/** A revision about to be restored, and what restoring it changes in each field. */
export interface RestorePlan {
  revision: RevisionRow;
  fields: FieldDiff[];
}

type Queue = {
  title: string;
  statuses: ArticleStatus[];
  limit: number;
  /** Only articles someone other than their writer commented on (true), or none (false). */
  commentedByOthers?: boolean;
};

// Writers follow their own work through the workflow; editors see everyone's, the review queue first.
const WRITER_QUEUES: Queue[] = [
  { title: 'Came back to you with comments', statuses: ['draft'], limit: 50, commentedByOthers: true },
  { title: 'My drafts', statuses: ['draft'], limit: 50, commentedByOthers: false },
  { title: 'With the editors', statuses: ['in_review'], limit: 50 },
  { title: 'Scheduled', statuses: ['scheduled'], limit: 50 },
  { title: 'Published', statuses: ['published', 'unpublished'], limit: 20 },
];
const EDITOR_QUEUES: Queue[] = [
  { title: 'In review', statuses: ['in_review'], limit: 50 },
  { title: 'Scheduled', statuses: ['scheduled'], limit: 50 },
  { title: 'Drafts', statuses: ['draft'], limit: 50 },
  { title: 'Recently changed, published', statuses: ['published', 'unpublished'], limit: 20 },
];

/** Reads what the newsroom's article screens show: the dashboard, the editor, revisions. */
export class NewsroomReader {
  constructor(
    private readonly db: Database,
    private readonly sections: SectionTree,
  ) {}

  /** An article with its editable content as the API gives it, or undefined. */
  async withContent(id: number): Promise<{ article: ArticleRow; content: ArticleContent } | undefined> {
    const article = await findArticleById(this.db, id);
    return article ? { article, content: await contentOf(this.db, this.sections, article) } : undefined;
  }

  /** The article if it exists and `user` may see it in the newsroom, else undefined. */
  async visibleTo(user: WorkflowUser, id: number): Promise<ArticleRow | undefined> {
    const article = await findArticleById(this.db, id);
    return article && canSee(user, article) ? article : undefined;
  }

  async dashboard(user: WorkflowUser): Promise<DashboardGroup[]> {
    const everyone = can(user.role, 'article.edit-any');
    const createdBy = everyone ? undefined : user.id;
    return Promise.all(
      (everyone ? EDITOR_QUEUES : WRITER_QUEUES).map(async ({ title, ...q }) => {
        const rows: DashboardRow[] = await edits.listForNewsroom(this.db, { ...q, createdBy });
        if (!q.commentedByOthers || rows.length === 0) return { title, rows };
        // What the editor said last, next to each article that came back.
        const notes = await edits.latestCommentsByOthers(
          this.db,
          rows.map((r) => r.id),
          user.id,
        );
        return { title, rows: rows.map((r) => ({ ...r, note: notes.get(r.id) })) };
      }),
    );
  }

  /** An article the user may open: 404 when there is none, 403 when it is someone else's work. */
  async open(user: WorkflowUser, id: number | undefined): Promise<ArticleRow> {
    const article = id ? await findArticleById(this.db, id) : undefined;
    if (!article) throw new NotFoundError('No such article.');
    if (!canSee(user, article)) throw new ForbiddenError('You can only open your own articles.');
    return article;
  }

  async onDesk(article: ArticleRow): Promise<DeskArticle> {
    const [content, comments, corrections] = await Promise.all([
      contentOf(this.db, this.sections, article),
      edits.listComments(this.db, article.id),
      edits.listCorrections(this.db, article.id),
    ]);
    return {
      id: article.id,
      slug: article.slug,
      version: article.version,
      status: article.status,
      createdBy: article.created_by,
      publishedAt: article.published_at,
      scheduledAt: article.scheduled_at,
      content,
      comments,
      corrections,
    };
  }

  /** A new article for the user: their own byline, the first section, reader copy from contributors. */
  async newDraft(user: WorkflowUser & { authorId: number | null }): Promise<DeskArticle> {
    // The byline of the writer's own profile (linked to their account on the users screen).
    const author = user.authorId ? await findAuthorById(this.db, user.authorId) : undefined;
    const section = this.sections.topLevel()[0];
    return {
      id: null,
      slug: null,
      version: 0,
      status: 'draft',
      createdBy: user.id,
      publishedAt: null,
      scheduledAt: null,
      comments: [],
      corrections: [],
      content: {
        headline: '',
        lede: '',
        body: '',
        section: section?.children[0]?.slug ?? section?.slug ?? '',
        tags: [],
        authors: author ? [author.slug] : [],
        kind: user.role === 'contributor' ? 'reader' : 'staff',
        breaking: false,
      },
    };
  }

  async choices(): Promise<EditorChoices> {
    const [authors, tags, media] = await Promise.all([
      listAuthors(this.db),
      popularTagNames(this.db, 300),
      recentMedia(this.db, 50),
    ]);
    return {
      sections: this.sections.topLevel(),
      authors,
      tags,
      media: media.map((m) => ({ id: m.id, alt: m.alt })),
    };
  }

  revisions(articleId: number): Promise<RevisionRow[]> {
    return edits.listRevisions(this.db, articleId);
  }

  /** Two revisions of the article compared word by word; 404 when either is not the article's. */
  async compare(articleId: number, a: number, b: number): Promise<RevisionDiff> {
    const [ra, rb] = await Promise.all([
      edits.findRevision(this.db, articleId, a),
      edits.findRevision(this.db, articleId, b),
    ]);
    if (!ra || !rb) throw new NotFoundError('No such revision.');
    return { a, b, fields: diffRevisions(JSON.parse(ra.content), JSON.parse(rb.content)) };
  }

  /**
   * What restoring a revision would change: the article as it stands against that revision, word
   * by word (removed = now in the article, added = brought back); 404 when it is not the article's.
   */
  async restorePlan(article: ArticleRow, revisionId: number): Promise<RestorePlan> {
    const [rev, rows, current] = await Promise.all([
      edits.findRevision(this.db, article.id, revisionId),
      edits.listRevisions(this.db, article.id),
      contentOf(this.db, this.sections, article),
    ]);
    const row = rows.find((r) => r.id === revisionId);
    if (!rev || !row) throw new NotFoundError('No such revision.');
    return { revision: row, fields: diffRevisions(current, JSON.parse(rev.content)) };
  }
}

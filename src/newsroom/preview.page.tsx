import type { PreviewLinkRow } from '../articles/preview-links.ts';
import type { ArticleStatus } from '../core/db/schema.ts';
import { formatDateLine } from '../core/time.ts';
import { NewsroomLayout } from './newsroom-layout.tsx';
import { PreviewPanel } from './preview-panel.tsx';
import type { ScreenFrame } from './screen.ts';
import type { SentForm } from './ui.tsx';

/**
 * An article's preview links: the panel the editor shows, and after a link is made, the link itself
 * (the only time it is shown: only its hash is kept).
 */
export function PreviewLinksPage(
  p: ScreenFrame & {
    article: { id: number; headline: string };
    links: PreviewLinkRow[];
    created?: { url: string; expiresAt: number } | undefined;
    sent?: SentForm | undefined;
    notice?: string | undefined;
    error?: string | undefined;
  },
) {
  const tz = p.site.timeZone;
  return (
    <NewsroomLayout
      site={p.site}
      user={p.user}
      csrf={p.csrf}
      title={`Preview: ${p.article.headline}`}
      notice={p.notice}
      error={p.error}
    >
      <p>
        <a href={`/newsroom/articles/${p.article.id}`}>Back to the article</a>
      </p>
      {p.created && (
        <section class="preview-created" aria-labelledby="preview-created-title">
          <h2 id="preview-created-title">Your preview link</h2>
          <p>Copy it now: it is not shown again. It works until {formatDateLine(p.created.expiresAt, tz)}.</p>
          <div class="form">
            <div class="field">
              <label for="preview-link">Link to send</label>
              <input id="preview-link" type="text" readOnly value={p.created.url} />
            </div>
          </div>
        </section>
      )}
      <PreviewPanel articleId={p.article.id} csrf={p.csrf} links={p.links} timeZone={tz} sent={p.sent} />
    </NewsroomLayout>
  );
}

const STATUS_NOTE: Record<ArticleStatus, string> = {
  draft: 'This draft is not published.',
  in_review: 'This article is in review and not published.',
  scheduled: 'This article is not published yet.',
  published: 'This article is published; this is how it stands now.',
  unpublished: 'This article has been withdrawn and is not public.',
};

/** The preview banner's text for the newsroom: the article's status and a way back to the editor. */
export function StaffPreviewNote(p: {
  article: { id: number; status: ArticleStatus; scheduled_at: number | null };
  timeZone: string;
}) {
  const a = p.article;
  return (
    <>
      {STATUS_NOTE[a.status]}
      {a.status === 'scheduled' &&
        a.scheduled_at &&
        ` It is scheduled for ${formatDateLine(a.scheduled_at, p.timeZone)}.`}{' '}
      <a href={`/newsroom/articles/${a.id}`}>Back to the editor</a>
    </>
  );
}

/** The preview banner's text for someone holding a link: not public, and until when the link works. */
export function LinkPreviewNote(p: { expiresAt: number; timeZone: string }) {
  return (
    <>
      You are reading this article through a preview link, before or apart from its publication. The link
      works until {formatDateLine(p.expiresAt, p.timeZone)}.
    </>
  );
}

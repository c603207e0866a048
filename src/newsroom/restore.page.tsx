import type { RestorePlan } from '../articles/newsroom.reader.ts';
import type { ArticleStatus } from '../core/db/schema.ts';
import { formatDateLine } from '../core/time.ts';
import { ChangedFields } from './field-diff.tsx';
import { NewsroomLayout } from './newsroom-layout.tsx';
import type { ScreenFrame } from './screen.ts';
import { PostForm } from './ui.tsx';

/**
 * Restoring a revision, before it is done: what it changes in the article as it stands, field by
 * field, and a button to confirm. The form carries the version shown, so a save made meanwhile is
 * not overwritten unseen (409, and this page again with the new differences).
 */
export function RestorePage(
  p: ScreenFrame & {
    article: { id: number; headline: string; version: number; status: ArticleStatus };
    /** Missing when the revision asked for could not be read (the error says why). */
    plan?: RestorePlan | undefined;
    error?: string | undefined;
  },
) {
  const a = p.article;
  const rev = p.plan?.revision;
  return (
    <NewsroomLayout
      site={p.site}
      user={p.user}
      csrf={p.csrf}
      title={rev ? `Restore version ${rev.version}: ${a.headline}` : `Restore: ${a.headline}`}
      error={p.error}
    >
      <p>
        <a href={`/newsroom/articles/${a.id}/revisions`}>Back to the revisions</a>
      </p>
      {p.plan && rev && (
        <section aria-labelledby="restore-changes" class="diff">
          <p>
            Version {rev.version} was saved {formatDateLine(rev.saved_at, p.site.timeZone)} by{' '}
            {rev.saved_by_name ?? 'the system'}. Restoring it saves its content as a new version of the
            article{a.status === 'published' ? ', and the published page changes at once' : ''}. Nothing in
            the history is lost.
          </p>
          <h2 id="restore-changes">What will change</h2>
          <p>Struck-out words leave the article; underlined words come back.</p>
          <ChangedFields
            fields={p.plan.fields}
            same={`Version ${rev.version} is the same as the article now: restoring it changes nothing.`}
          />
          <PostForm
            action={`/newsroom/articles/${a.id}/restore`}
            csrf={p.csrf}
            submit={`Restore version ${rev.version}`}
          >
            <input type="hidden" name="revision" value={String(rev.id)} />
            <input type="hidden" name="version" value={String(a.version)} />
          </PostForm>
          <p>
            <a href={`/newsroom/articles/${a.id}`}>Cancel and go back to the article</a>
          </p>
        </section>
      )}
    </NewsroomLayout>
  );
}

import type { ArticleStatus } from '../core/db/schema.ts';
import { NewsroomLayout } from './newsroom-layout.tsx';
import type { ScreenFrame } from './screen.ts';
import { Field, PostForm, type SentForm, sentValue } from './ui.tsx';

export const UNPUBLISH_REASON_MAX = 500;

/**
 * Unpublishing, before it is done: what it does and a reason, which goes into the audit log. The
 * form carries the version shown, so an article changed meanwhile is not withdrawn unseen.
 */
export function UnpublishPage(
  p: ScreenFrame & {
    article: { id: number; headline: string; version: number; status: ArticleStatus };
    sent?: SentForm | undefined;
    error?: string | undefined;
  },
) {
  const a = p.article;
  return (
    <NewsroomLayout
      site={p.site}
      user={p.user}
      csrf={p.csrf}
      title={`Unpublish: ${a.headline}`}
      error={p.error}
    >
      <p>
        <a href={`/newsroom/articles/${a.id}`}>Back to the article</a>
      </p>
      {a.status !== 'published' ? (
        <p>Only a published article can be unpublished; this one is {a.status.replace('_', ' ')}.</p>
      ) : (
        <>
          <p>
            Unpublishing takes the article off the site at once: its page answers that it has been withdrawn,
            and it leaves the listings, feeds and search. It can be published again later.
          </p>
          <PostForm action={`/newsroom/articles/${a.id}/unpublish`} csrf={p.csrf} submit="Unpublish">
            <Field
              name="reason"
              label="Reason"
              hint={`Why it is withdrawn, for the audit log (at most ${UNPUBLISH_REASON_MAX} characters).`}
              errors={p.sent?.fields}
            >
              {(input) => (
                <textarea {...input} required maxLength={UNPUBLISH_REASON_MAX} rows={4}>
                  {sentValue(p.sent?.values, 'reason')}
                </textarea>
              )}
            </Field>
            <input type="hidden" name="version" value={String(a.version)} />
          </PostForm>
        </>
      )}
    </NewsroomLayout>
  );
}

import type { SessionUser } from '../accounts/accounts.service.ts';
import { can } from '../accounts/permissions.ts';
import type { ArticleContent } from '../articles/articles.schema.ts';
import { ARTICLE_KINDS, type ArticleStatus } from '../core/db/schema.ts';
import { formatDateLine } from '../core/time.ts';
import type { SiteContext } from '../render/context.ts';
import type { Section } from '../sections/sections.service.ts';
import { Csrf, NewsroomLayout } from './newsroom-layout.tsx';

export interface EditorView {
  id: number | null;
  slug: string | null;
  version: number;
  status: ArticleStatus;
  content: ArticleContent;
  publishedAt: number | null;
  scheduledAt: number | null;
  canEdit: boolean;
  comments: { id: number; author: string; body: string; created_at: number }[];
  corrections: { id: number; note: string; created_at: number }[];
  fields?: Record<string, string>;
}

export interface EditorChoices {
  sections: Section[];
  authors: { slug: string; name: string }[];
  tags: string[];
  media: { id: number; alt: string }[];
}

const STATUS_LABEL: Record<ArticleStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

export function statusLabel(s: ArticleStatus): string {
  return STATUS_LABEL[s];
}

function FieldError({ fields, name }: { fields?: Record<string, string> | undefined; name: string }) {
  const msg = fields?.[name];
  return msg ? (
    <p class="field-error" id={`${name}-error`}>
      {msg}
    </p>
  ) : null;
}

export function EditorPage(p: {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  v: EditorView;
  choices: EditorChoices;
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const { v, user, choices } = p;
  const c = v.content;
  const action = v.id ? `/newsroom/articles/${v.id}` : '/newsroom/articles';
  const publisher = can(user.role, 'article.publish');
  const tz = p.site.timeZone;
  const disabled = !v.canEdit;
  return (
    <NewsroomLayout
      site={p.site}
      title={v.id ? `Edit: ${c.headline}` : 'New article'}
      user={user}
      csrf={p.csrf}
      notice={p.notice}
      error={p.error}
      scripts={['/assets/editor.js']}
      bodyData={{ csrf: p.csrf ?? '' }}
    >
      {v.id && (
        <p>
          <span class="status">{statusLabel(v.status)}</span> Version {v.version}
          {v.publishedAt && <> · first published {formatDateLine(v.publishedAt, tz)}</>}
          {v.scheduledAt && v.status === 'scheduled' && <> · goes live {formatDateLine(v.scheduledAt, tz)}</>}
          {v.status === 'published' && v.slug && (
            <>
              {' '}
              · <a href={`/articles/${v.id}/${v.slug}`}>View on site</a>
            </>
          )}{' '}
          · <a href={`/newsroom/articles/${v.id}/revisions`}>Revisions</a>
        </p>
      )}
      {disabled && (
        <p class="flash flash-error">
          This article is with the editors now; you can read it but not change it.
        </p>
      )}
      <form
        method="post"
        action={action}
        class="form"
        id="article-form"
        data-autosave={v.id ? `${action}/autosave` : undefined}
      >
        <Csrf token={p.csrf} />
        <input type="hidden" name="version" value={String(v.version)} />
        <fieldset disabled={disabled} class="form plain-fieldset">
          <div>
            <label for="headline">Headline</label>
            <input id="headline" name="headline" type="text" required maxLength={300} value={c.headline} />
            <FieldError fields={v.fields} name="headline" />
          </div>
          <div>
            <label for="place">Place dateline</label>
            <input
              id="place"
              name="place"
              type="text"
              maxLength={80}
              value={c.place ?? ''}
              aria-describedby="place-hint"
            />
            <p class="hint" id="place-hint">
              Shown before the headline, e.g. "Bulgaria" gives "Bulgaria: ...".
            </p>
          </div>
          <div>
            <label for="lede">Lede</label>
            <textarea id="lede" name="lede" maxLength={600} rows={3}>
              {c.lede}
            </textarea>
          </div>
          <div>
            <label for="body">Body</label>
            <textarea
              id="body"
              name="body"
              rows={16}
              maxLength={200000}
              aria-describedby="body-hint"
              data-rich="1"
            >
              {c.body}
            </textarea>
            <p class="hint" id="body-hint">
              Paragraphs, headings, bold, italic, links, lists and quotes. Anything else is removed when
              saved.
            </p>
          </div>
          <div>
            <label for="lead_image">Lead image</label>
            <select id="lead_image" name="lead_image" aria-describedby="lead-hint">
              <option value="">None</option>
              {c.leadImage && !choices.media.some((m) => m.id === c.leadImage) && (
                <option value={String(c.leadImage)} selected>
                  Image #{c.leadImage}
                </option>
              )}
              {choices.media.map((m) => (
                <option value={String(m.id)} selected={c.leadImage === m.id} key={m.id}>
                  #{m.id}: {m.alt}
                </option>
              ))}
            </select>
            <p class="hint" id="lead-hint">
              Shown above the article, cropped 16:9 around its focal point. Upload images in the{' '}
              <a href="/newsroom/media">media library</a>.
            </p>
          </div>
          <div>
            <label for="section">Section</label>
            <select id="section" name="section" required>
              <option value="">Choose a section</option>
              {choices.sections.map((s) => (
                <optgroup label={s.name} key={s.id}>
                  <option value={s.slug} selected={c.section === s.slug}>
                    {s.name}
                  </option>
                  {s.children.map((ch) => (
                    <option value={ch.slug} selected={c.section === ch.slug} key={ch.id}>
                      {s.name} » {ch.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <FieldError fields={v.fields} name="section" />
          </div>
          <div>
            <label for="tags">Tags</label>
            <input
              id="tags"
              name="tags"
              type="text"
              list="tag-list"
              value={(c.tags ?? []).join(', ')}
              aria-describedby="tags-hint"
            />
            <datalist id="tag-list">
              {choices.tags.map((t) => (
                <option value={t} key={t} />
              ))}
            </datalist>
            <p class="hint" id="tags-hint">
              Separate tags with commas; new ones are created.
            </p>
            <div class="suggest" hidden data-suggest-url="/newsroom/articles/suggest">
              <button type="button" class="button-secondary" id="suggest-tags">
                Suggest tags and dateline
              </button>
              <div id="suggestions" aria-live="polite"></div>
            </div>
          </div>
          <div>
            <label for="authors">Authors</label>
            <select id="authors" name="authors" multiple size={4}>
              {choices.authors.map((a) => (
                <option value={a.slug} selected={(c.authors ?? []).includes(a.slug)} key={a.slug}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="kind">Kind</label>
            <select id="kind" name="kind">
              {ARTICLE_KINDS.map((k) => (
                <option value={k} selected={c.kind === k} key={k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
          <div>
            <input id="breaking" name="breaking" type="checkbox" value="1" checked={c.breaking} />{' '}
            <label for="breaking" class="inline-label">
              Breaking news
            </label>
          </div>
          {v.status === 'published' && (
            <div>
              <label for="correction">Correction note (optional)</label>
              <textarea
                id="correction"
                name="correction"
                rows={2}
                maxLength={1000}
                aria-describedby="correction-hint"
              />
              <p class="hint" id="correction-hint">
                Shown to readers under the article, e.g. "An earlier version misstated the date of the vote."
              </p>
            </div>
          )}
          <div class="actions">
            <button type="submit">{v.id ? 'Save' : 'Create draft'}</button>
            <span class="hint" id="autosave-status" aria-live="polite" />
          </div>
        </fieldset>
      </form>
      {v.id && <Workflow v={v} csrf={p.csrf} publisher={publisher} own={v.canEdit} tz={tz} />}
      {v.id && (
        <section aria-labelledby="comments-title">
          <h2 id="comments-title">Review comments</h2>
          {v.comments.length === 0 && <p>No comments yet.</p>}
          <ul>
            {v.comments.map((cm) => (
              <li key={cm.id}>
                <strong>{cm.author}</strong> ({formatDateLine(cm.created_at, tz)}): {cm.body}
              </li>
            ))}
          </ul>
          <form method="post" action={`/newsroom/articles/${v.id}/comments`} class="form">
            <Csrf token={p.csrf} />
            <div>
              <label for="comment">Add a comment</label>
              <textarea id="comment" name="comment" rows={2} maxLength={5000} required />
            </div>
            <div>
              <button type="submit" class="button-secondary">
                Comment
              </button>
            </div>
          </form>
        </section>
      )}
    </NewsroomLayout>
  );
}

function Workflow({
  v,
  csrf,
  publisher,
  own,
  tz,
}: {
  v: EditorView;
  csrf: string | null;
  publisher: boolean;
  own: boolean;
  tz: string;
}) {
  const button = (action: string, label: string) => (
    <form method="post" action={`/newsroom/articles/${v.id}/transition`} class="inline-form" key={action}>
      <Csrf token={csrf} />
      <input type="hidden" name="version" value={String(v.version)} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class={action === 'publish' ? '' : 'button-secondary'}>
        {label}
      </button>
    </form>
  );
  const s = v.status;
  return (
    <section aria-labelledby="workflow-title">
      <h2 id="workflow-title">Workflow</h2>
      <div class="actions">
        {s === 'draft' && own && button('submit', 'Submit for review')}
        {publisher &&
          ['draft', 'in_review', 'scheduled', 'unpublished'].includes(s) &&
          button('publish', 'Publish now')}
        {publisher && ['in_review', 'scheduled'].includes(s) && button('return', 'Return to draft')}
        {publisher && s === 'published' && button('unpublish', 'Unpublish')}
      </div>
      {publisher && s !== 'published' && (
        <form method="post" action={`/newsroom/articles/${v.id}/transition`} class="form spaced">
          <Csrf token={csrf} />
          <input type="hidden" name="version" value={String(v.version)} />
          <input type="hidden" name="action" value="schedule" />
          <div>
            <label for="schedule-at">Schedule for ({tz} time)</label>
            <input id="schedule-at" name="at" type="datetime-local" step="1" required />
          </div>
          <div>
            <button type="submit" class="button-secondary">
              Schedule
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

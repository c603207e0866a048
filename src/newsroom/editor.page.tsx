import type { SessionUser } from '../accounts/accounts.service.ts';
import type { DeskArticle, EditorChoices } from '../articles/newsroom.reader.ts';
import type { PreviewLinkRow } from '../articles/preview-links.ts';
import { canEdit } from '../articles/workflow.ts';
import { ARTICLE_KINDS, type ArticleStatus } from '../core/db/schema.ts';
import { formatDateLine } from '../core/time.ts';
import { articleUrl } from '../core/urls.ts';
import { assets } from '../http/assets.ts';
import type { FormValues } from '../http/forms.ts';
import type { SiteContext } from '../render/context.ts';
import { editorFieldErrors } from './editor.schema.ts';
import { LeadImageField, SectionField, SlugField } from './editor-fields.tsx';
import { Comments, FieldError, Workflow } from './editor-parts.tsx';
import { Csrf, NewsroomLayout } from './newsroom-layout.tsx';
import { PreviewPanel } from './preview-panel.tsx';
import { sentValue } from './ui.tsx';

/** The editor's article; after a refused save, with what was sent and the message for each field. */
export type EditorView = DeskArticle & {
  values?: FormValues | undefined;
  fields?: Record<string, string> | undefined;
};

const NOTICES = new Map(
  Object.entries({
    saved: 'Saved.',
    created: 'Draft created.',
    submit: 'Submitted for review.',
    publish: 'Published.',
    schedule: 'Scheduled.',
    unpublish: 'Unpublished.',
    return: 'Returned to draft.',
    restored: 'The older version was restored as a new save.',
    commented: 'Comment added.',
    resolved:
      'Saved with your choices. Anything you had asked to do next was not done: do it now if you still want to.',
  }),
);

/** The notice for the `?done=` a change redirected with. */
export function doneNotice(done: string | undefined): string | undefined {
  return done === undefined ? undefined : NOTICES.get(done);
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

/** The form's fields as shown: what was sent when a save comes back refused, else the stored article. */
function shownFields(v: EditorView) {
  const c = v.content;
  const sent = (name: string, stored: string) => sentValue(v.values, name, stored);
  // A refused comment sends only itself: the article's fields are then the stored ones.
  const sentArticle = typeof v.values?.headline === 'string';
  return {
    headline: sent('headline', c.headline),
    slug: sent('slug', v.slug ?? ''),
    place: sent('place', c.place ?? ''),
    lede: sent('lede', c.lede),
    body: sent('body', c.body),
    section: sent('section', c.section),
    tags: sent('tags', c.tags.join(', ')),
    // An unticked box and a multiple select with nothing chosen are not sent at all.
    authors: sentArticle ? [v.values?.authors ?? []].flat() : c.authors,
    kind: sent('kind', c.kind),
    breaking: sentArticle ? sent('breaking', '') !== '' : c.breaking,
    leadImage: sent('lead_image', c.leadImage ? String(c.leadImage) : ''),
    correction: sent('correction', ''),
    // The version the form was opened at: a refused save keeps it, so saving again cannot overwrite.
    version: sent('version', String(v.version)),
  };
}

export function EditorPage(p: {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  v: EditorView;
  choices: EditorChoices;
  notice?: string | undefined;
  error?: string | undefined;
  /** The article's preview links that still work (none for a new article). */
  previewLinks?: PreviewLinkRow[] | undefined;
}) {
  const { v, user, choices } = p;
  const c = shownFields(v);
  const errors = editorFieldErrors(v.fields);
  const action = v.id ? `/newsroom/articles/${v.id}` : '/newsroom/articles';
  const tz = p.site.timeZone;
  const disabled = !canEdit(user, { status: v.status, created_by: v.createdBy });
  return (
    <NewsroomLayout
      site={p.site}
      title={v.id ? `Edit: ${c.headline}` : 'New article'}
      user={user}
      csrf={p.csrf}
      notice={p.notice}
      error={p.error}
      scripts={['/assets/editor.js', assets.bodyEditor.path]}
      bodyData={{ csrf: p.csrf ?? '' }}
    >
      {v.id && (
        <p>
          <span class="status">{statusLabel(v.status)}</span> Version {v.version}
          {v.publishedAt && <> · first published {formatDateLine(v.publishedAt, tz)}</>}
          {v.scheduledAt && v.status === 'scheduled' && <> · goes live {formatDateLine(v.scheduledAt, tz)}</>}
          {v.status === 'published' && v.id !== null && v.slug && (
            <>
              {' '}
              · <a href={articleUrl({ id: v.id, slug: v.slug })}>View on site</a>
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
        data-create={v.id ? undefined : action}
        data-unsaved={v.values && typeof v.values.headline === 'string' ? '1' : undefined}
      >
        <Csrf token={p.csrf} />
        <input type="hidden" name="version" value={c.version} />
        <fieldset disabled={disabled} class="form plain-fieldset">
          <div>
            <label for="headline">Headline</label>
            <input id="headline" name="headline" type="text" required maxLength={300} value={c.headline} />
            <FieldError fields={errors} name="headline" />
          </div>
          <SlugField v={v} value={c.slug} errors={errors} />
          <div>
            <label for="place">Place dateline</label>
            <input
              id="place"
              name="place"
              type="text"
              maxLength={80}
              value={c.place}
              aria-describedby="place-hint"
            />
            <p class="hint" id="place-hint">
              Shown before the headline, e.g. "Bulgaria" gives "Bulgaria: ...".
            </p>
            <FieldError fields={errors} name="place" />
          </div>
          <div>
            <label for="lede">Lede</label>
            <textarea id="lede" name="lede" maxLength={600} rows={3}>
              {c.lede}
            </textarea>
            <FieldError fields={errors} name="lede" />
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
            <FieldError fields={errors} name="body" />
          </div>
          <LeadImageField value={c.leadImage} media={choices.media} errors={errors} />
          <SectionField value={c.section} sections={choices.sections} errors={errors} />
          <div>
            <label for="tags">Tags</label>
            <input
              id="tags"
              name="tags"
              type="text"
              list="tag-list"
              value={c.tags}
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
            <FieldError fields={errors} name="tags" />
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
                <option value={a.slug} selected={c.authors.includes(a.slug)} key={a.slug}>
                  {a.name}
                </option>
              ))}
            </select>
            <FieldError fields={errors} name="authors" />
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
            <FieldError fields={errors} name="kind" />
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
              >
                {c.correction}
              </textarea>
              <p class="hint" id="correction-hint">
                Shown to readers under the article, e.g. "An earlier version misstated the date of the vote."
              </p>
              <FieldError fields={errors} name="correction" />
            </div>
          )}
          <div class="actions">
            <button type="submit">{v.id ? 'Save' : 'Create draft'}</button>
            <span class="hint" id="autosave-status" aria-live="polite" />
          </div>
        </fieldset>
        <Workflow v={v} user={user} tz={tz} errors={errors} />
      </form>
      {v.id && p.previewLinks && (
        <PreviewPanel articleId={v.id} csrf={p.csrf} links={p.previewLinks} timeZone={tz} />
      )}
      {v.id && <Comments v={v} csrf={p.csrf} tz={tz} errors={errors} />}
    </NewsroomLayout>
  );
}

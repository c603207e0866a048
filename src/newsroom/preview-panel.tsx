import { DEFAULT_PREVIEW_HOURS, PREVIEW_LINK_HOURS, type PreviewLinkRow } from '../articles/preview-links.ts';
import { formatDateLine } from '../core/time.ts';
import { Csrf } from './newsroom-layout.tsx';
import { DataTable, Field, InlineForm, type SentForm, sentValue } from './ui.tsx';

/** How each link lifetime reads in the form: hours up to two days, then days. */
function lifetime(hours: number): string {
  if (hours > 48) return `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

export interface PreviewPanelProps {
  articleId: number;
  csrf: string | null;
  /** The article's links that still work (PreviewLinks.live). */
  links: PreviewLinkRow[];
  /** The site's zone, for the times links were made and expire. */
  timeZone: string;
  /** The create form as last sent, when it was refused. */
  sent?: SentForm | undefined;
}

/**
 * The article's preview: a link to see it as its public page, a form to make a link for someone
 * without a login, and the links that work now, each revocable. Shown on the editor and on the
 * preview links screen.
 */
export function PreviewPanel(p: PreviewPanelProps) {
  const base = `/newsroom/articles/${p.articleId}`;
  const chosen = sentValue(p.sent?.values, 'hours', String(DEFAULT_PREVIEW_HOURS));
  return (
    <section class="preview-panel" aria-labelledby="preview-panel-title">
      <h2 id="preview-panel-title">Preview</h2>
      <p>
        <a href={`${base}/preview`} class="button button-secondary">
          Preview
        </a>{' '}
        The article as its public page will show it, as last saved.
      </p>
      <form method="post" action={`${base}/preview-links`} class="form">
        <Csrf token={p.csrf} />
        <Field
          name="hours"
          id="preview-hours"
          label="A preview link works for"
          hint="Anyone holding the link can read the article until then; it is shown to you once."
          errors={p.sent?.fields}
        >
          {(input) => (
            <select {...input}>
              {PREVIEW_LINK_HOURS.map((h) => (
                <option key={h} value={String(h)} selected={String(h) === chosen}>
                  {lifetime(h)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <button type="submit" class="button-secondary">
            Create preview link
          </button>
        </div>
      </form>
      <LiveLinks {...p} />
    </section>
  );
}

/** The links that still work: who made each, when, until when, and a button to end it now. */
function LiveLinks(p: PreviewPanelProps) {
  if (p.links.length === 0) return <p>No preview link works now.</p>;
  return (
    <DataTable
      caption="Preview links that work now"
      showCaption
      columns={['Made by', 'Made', 'Expires', 'Revoke']}
    >
      {p.links.map((l) => (
        <tr key={l.token_hash}>
          <td>{l.created_by_name ?? 'system'}</td>
          <td>{formatDateLine(l.created_at, p.timeZone)}</td>
          <td>{formatDateLine(l.expires_at, p.timeZone)}</td>
          <td>
            <InlineForm
              action={`/newsroom/articles/${p.articleId}/preview-links/revoke`}
              csrf={p.csrf}
              submit="Revoke"
            >
              <input type="hidden" name="link" value={l.token_hash} />
            </InlineForm>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

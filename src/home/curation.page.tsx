import type { ComponentChildren } from 'preact';
import type { SessionUser } from '../accounts/accounts.service.ts';
import type { ArticleSummary } from '../core/model.ts';
import { formatDateLine } from '../core/time.ts';
import { articleUrl } from '../core/urls.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { PostButton } from '../newsroom/post-button.tsx';
import { DataTable, Field, type FieldErrors } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';
import type { CurationBoard } from './curation.ts';

export interface HomeCurationPageProps extends CurationBoard {
  site: SiteContext;
  user: SessionUser | null;
  csrf: string | null;
  /** The words searched for ('' shows the latest stories). */
  q: string;
  error?: string | undefined;
  /** A search that could not be run, by field. */
  fields?: FieldErrors;
}

/** The editors' home-page board: pinned stories in order, and the stories to pin (latest or found). */
export function HomeCurationPage(p: HomeCurationPageProps) {
  const change = (op: string, label: string, a: ArticleSummary) => (
    <PostButton
      action={`/newsroom/home/${op}`}
      label={label}
      // A pin from search results comes back to the same results.
      fields={op === 'pin' && p.q ? { article: String(a.id), q: p.q } : { article: String(a.id) }}
      csrf={p.csrf}
    />
  );
  return (
    <NewsroomLayout site={p.site} title="Home page" user={p.user} csrf={p.csrf} error={p.error}>
      <p>Pinned stories lead the home page in this order; the remaining top slots show the latest stories.</p>
      <h2>Pinned</h2>
      {p.pinned.length === 0 && <p>Nothing pinned: the home page shows the latest stories.</p>}
      <ol>
        {p.pinned.map((a, i) => (
          <li key={a.id}>
            <a href={articleUrl(a)}>{a.headline}</a> {i > 0 && change('up', 'Move up', a)}{' '}
            {i < p.pinned.length - 1 && change('down', 'Move down', a)} {change('unpin', 'Unpin', a)}
          </li>
        ))}
      </ol>
      <h2>Stories to pin</h2>
      <StorySearch q={p.q} fields={p.fields} />
      {p.found ? (
        <Found {...p} found={p.found} pin={(a) => change('pin', 'Pin', a)} />
      ) : (
        <Stories
          caption="Latest published stories"
          stories={p.recent}
          tz={p.site.timeZone}
          pin={(a) => change('pin', 'Pin', a)}
        />
      )}
    </NewsroomLayout>
  );
}

/** The search box: a plain GET form, so a search has an address and works without script. */
function StorySearch(p: { q: string; fields?: FieldErrors }) {
  return (
    <search aria-label="Find a story to pin">
      <form method="get" action="/newsroom/home" class="form">
        <Field
          name="q"
          label="Find a published story"
          errors={p.fields}
          hint="Words from its headline (those rank first) or its text, of any date. Without words, the latest are listed."
        >
          {(input) => <input {...input} type="search" value={p.q} maxLength={200} />}
        </Field>
        <div>
          <button type="submit">Find</button> {p.q && <a href="/newsroom/home">Latest stories</a>}
        </div>
      </form>
    </search>
  );
}

function Found(
  p: HomeCurationPageProps & { found: ArticleSummary[]; pin: (a: ArticleSummary) => ComponentChildren },
) {
  if (p.found.length === 0) return <p>No published story that is not pinned matches “{p.q}”.</p>;
  return (
    <Stories
      caption={`Published stories matching “${p.q}”, best first`}
      showCaption
      stories={p.found}
      tz={p.site.timeZone}
      pin={p.pin}
    />
  );
}

function Stories(p: {
  caption: string;
  showCaption?: boolean;
  stories: ArticleSummary[];
  tz: string;
  pin: (a: ArticleSummary) => ComponentChildren;
}) {
  return (
    <DataTable caption={p.caption} showCaption={p.showCaption} columns={['Headline', 'Published', 'Action']}>
      {p.stories.map((a) => (
        <tr key={a.id}>
          <td>
            <a href={articleUrl(a)}>{a.headline}</a>
          </td>
          <td>{formatDateLine(a.published_at, p.tz)}</td>
          <td>{p.pin(a)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

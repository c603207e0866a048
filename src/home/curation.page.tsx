import type { SessionUser } from '../accounts/accounts.service.ts';
import type { ArticleSummary } from '../core/model.ts';
import { formatDateLine } from '../core/time.ts';
import { articleUrl } from '../core/urls.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { PostButton } from '../newsroom/post-button.tsx';
import { DataTable } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';

export interface HomeCurationPageProps {
  site: SiteContext;
  user: SessionUser | null;
  csrf: string | null;
  /** Pinned stories, in their order on the home page. */
  pinned: ArticleSummary[];
  /** The latest published stories that are not pinned. */
  recent: ArticleSummary[];
  error?: string | undefined;
}

/** The editors' home-page board: pinned stories in order, and the latest ones to pin. */
export function HomeCurationPage(p: HomeCurationPageProps) {
  const change = (op: string, label: string, a: ArticleSummary) => (
    <PostButton
      action={`/newsroom/home/${op}`}
      label={label}
      fields={{ article: String(a.id) }}
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
      <h2>Latest published</h2>
      <DataTable caption="Latest published stories" columns={['Headline', 'Published', 'Action']}>
        {p.recent.map((a) => (
          <tr key={a.id}>
            <td>{a.headline}</td>
            <td>{formatDateLine(a.published_at, p.site.timeZone)}</td>
            <td>{change('pin', 'Pin', a)}</td>
          </tr>
        ))}
      </DataTable>
    </NewsroomLayout>
  );
}

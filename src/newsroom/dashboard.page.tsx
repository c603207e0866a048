import type { SessionUser } from '../accounts/accounts.service.ts';
import type { DashboardGroup } from '../articles/newsroom.reader.ts';
import { formatDateLine } from '../core/time.ts';
import type { SiteContext } from '../render/context.ts';
import { statusLabel } from './editor.page.tsx';
import { NewsroomLayout } from './newsroom-layout.tsx';
import { DataTable } from './ui.tsx';

/** The newsroom's front page: the article queues the user works from. */
export function DashboardPage(p: {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  groups: DashboardGroup[];
  notice?: string | undefined;
}) {
  const tz = p.site.timeZone;
  return (
    <NewsroomLayout site={p.site} title="Articles" user={p.user} csrf={p.csrf} notice={p.notice}>
      <p>
        <a class="button" href="/newsroom/articles/new">
          Write a new article
        </a>{' '}
        <a href="/newsroom/articles">All articles</a>
      </p>
      {p.groups.map((g, i) => (
        <section key={g.title} aria-labelledby={`group-${i}`}>
          <h2 id={`group-${i}`}>{g.title}</h2>
          {g.rows.length === 0 ? (
            <p>None.</p>
          ) : (
            <DataTable caption={g.title} columns={['Headline', 'Status', 'Writer', 'Last change']}>
              {g.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`/newsroom/articles/${r.id}`}>{r.headline}</a>
                    {r.note && (
                      <p class="hint">
                        {r.note.author}: {r.note.body}
                      </p>
                    )}
                  </td>
                  <td>
                    <span class="status">{statusLabel(r.status)}</span>
                    {r.status === 'scheduled' && r.scheduled_at && <> {formatDateLine(r.scheduled_at, tz)}</>}
                  </td>
                  <td>{r.created_by_name ?? 'system'}</td>
                  <td>{formatDateLine(r.updated_at, tz)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      ))}
    </NewsroomLayout>
  );
}

import type { SessionUser } from '../accounts/accounts.service.ts';
import type { FieldDiff } from '../articles/revisions.ts';
import type { ArticleStatus } from '../core/db/schema.ts';
import { formatDateLine } from '../core/time.ts';
import type { SiteContext } from '../render/context.ts';
import { statusLabel } from './editor.page.tsx';
import { Csrf, NewsroomLayout } from './newsroom-layout.tsx';

export interface DashboardRow {
  id: number;
  headline: string;
  status: ArticleStatus;
  updated_at: number;
  scheduled_at: number | null;
  created_by_name: string | null;
}

export function DashboardPage(p: {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  groups: { title: string; rows: DashboardRow[] }[];
  notice?: string | undefined;
}) {
  const tz = p.site.timeZone;
  return (
    <NewsroomLayout site={p.site} title="Articles" user={p.user} csrf={p.csrf} notice={p.notice}>
      <p>
        <a class="button" href="/newsroom/articles/new">
          Write a new article
        </a>
      </p>
      {p.groups.map((g, i) => (
        <section key={g.title} aria-labelledby={`group-${i}`}>
          <h2 id={`group-${i}`}>{g.title}</h2>
          {g.rows.length === 0 ? (
            <p>None.</p>
          ) : (
            <table class="table">
              <caption class="visually-hidden">{g.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Headline</th>
                  <th scope="col">Status</th>
                  <th scope="col">Writer</th>
                  <th scope="col">Last change</th>
                </tr>
              </thead>
              <tbody>
                {g.rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={`/newsroom/articles/${r.id}`}>{r.headline}</a>
                    </td>
                    <td>
                      <span class="status">{statusLabel(r.status)}</span>
                      {r.status === 'scheduled' && r.scheduled_at && (
                        <> {formatDateLine(r.scheduled_at, tz)}</>
                      )}
                    </td>
                    <td>{r.created_by_name ?? 'system'}</td>
                    <td>{formatDateLine(r.updated_at, tz)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </NewsroomLayout>
  );
}

export function RevisionsPage(p: {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  article: { id: number; headline: string; version: number };
  revisions: {
    id: number;
    version: number;
    saved_at: number;
    status: string;
    saved_by_name: string | null;
  }[];
  diff?: { a: number; b: number; fields: FieldDiff[] } | undefined;
  canRestore: boolean;
}) {
  const tz = p.site.timeZone;
  const [newest, previous] = p.revisions;
  return (
    <NewsroomLayout site={p.site} title={`Revisions: ${p.article.headline}`} user={p.user} csrf={p.csrf}>
      <p>
        <a href={`/newsroom/articles/${p.article.id}`}>Back to the article</a>
      </p>
      <form method="get" action={`/newsroom/articles/${p.article.id}/revisions`} class="form">
        <table class="table">
          <caption>Every save, newest first. Choose two to compare.</caption>
          <thead>
            <tr>
              <th scope="col">Older</th>
              <th scope="col">Newer</th>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Status then</th>
            </tr>
          </thead>
          <tbody>
            {p.revisions.map((r) => (
              <tr key={r.id}>
                <td>
                  <input
                    type="radio"
                    name="a"
                    value={String(r.id)}
                    aria-label={`Compare from version ${r.version}`}
                    checked={p.diff ? p.diff.a === r.id : r.id === previous?.id}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="b"
                    value={String(r.id)}
                    aria-label={`Compare to version ${r.version}`}
                    checked={p.diff ? p.diff.b === r.id : r.id === newest?.id}
                  />
                </td>
                <td>{r.version}</td>
                <td>{formatDateLine(r.saved_at, tz)}</td>
                <td>{r.saved_by_name ?? 'system'}</td>
                <td>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <button type="submit">Compare</button>
        </div>
      </form>
      {p.diff && (
        <section aria-labelledby="diff-title" class="diff">
          <h2 id="diff-title">Changes</h2>
          {p.diff.fields.filter((f) => f.changed).length === 0 && <p>No differences.</p>}
          {p.diff.fields
            .filter((f) => f.changed)
            .map((f) => (
              <div key={f.field}>
                <h3>{f.field}</h3>
                <p class="pre-wrap">
                  {f.parts.map((part, i) =>
                    part.added ? (
                      <ins key={i}>{part.value}</ins>
                    ) : part.removed ? (
                      <del key={i}>{part.value}</del>
                    ) : (
                      part.value
                    ),
                  )}
                </p>
              </div>
            ))}
          {p.canRestore && (
            <form method="post" action={`/newsroom/articles/${p.article.id}/restore`} class="form">
              <Csrf token={p.csrf} />
              <input type="hidden" name="revision" value={String(p.diff.a)} />
              <input type="hidden" name="version" value={String(p.article.version)} />
              <div>
                <button type="submit" class="button-secondary">
                  Restore the older version
                </button>
              </div>
            </form>
          )}
        </section>
      )}
    </NewsroomLayout>
  );
}

import type { SessionUser } from '../accounts/accounts.service.ts';
import type { RevisionDiff, RevisionRow } from '../articles/newsroom.reader.ts';
import { canEdit, type WorkflowArticle } from '../articles/workflow.ts';
import { formatDateLine } from '../core/time.ts';
import type { SiteContext } from '../render/context.ts';
import { ChangedFields } from './field-diff.tsx';
import { NewsroomLayout } from './newsroom-layout.tsx';
import { DataTable } from './ui.tsx';

/** Every save of an article; two compared word by word, and the older one restorable as a new save. */
export function RevisionsPage(p: {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  article: WorkflowArticle & { id: number; headline: string; version: number };
  revisions: RevisionRow[];
  diff?: RevisionDiff | undefined;
}) {
  const tz = p.site.timeZone;
  const canRestore = canEdit(p.user, p.article);
  const [newest, previous] = p.revisions;
  // One end of the comparison: `a` is the older revision, `b` the newer; `chosen` starts checked.
  const pick = (name: 'a' | 'b', end: 'from' | 'to', r: RevisionRow, chosen: number | undefined) => (
    <input
      type="radio"
      name={name}
      value={String(r.id)}
      aria-label={`Compare ${end} version ${r.version}`}
      checked={r.id === chosen}
    />
  );
  return (
    <NewsroomLayout site={p.site} title={`Revisions: ${p.article.headline}`} user={p.user} csrf={p.csrf}>
      <p>
        <a href={`/newsroom/articles/${p.article.id}`}>Back to the article</a>
      </p>
      <form method="get" action={`/newsroom/articles/${p.article.id}/revisions`} class="form">
        <DataTable
          caption="Every save, newest first. Choose two to compare."
          showCaption
          columns={['Older', 'Newer', 'Version', 'Saved', 'By', 'Status then']}
        >
          {p.revisions.map((r) => (
            <tr key={r.id}>
              <td>{pick('a', 'from', r, p.diff ? p.diff.a : previous?.id)}</td>
              <td>{pick('b', 'to', r, p.diff ? p.diff.b : newest?.id)}</td>
              <td>{r.version}</td>
              <td>{formatDateLine(r.saved_at, tz)}</td>
              <td>{r.saved_by_name ?? 'system'}</td>
              <td>{r.status}</td>
            </tr>
          ))}
        </DataTable>
        <div>
          <button type="submit">Compare</button>
        </div>
      </form>
      {p.diff && (
        <section aria-labelledby="diff-title" class="diff">
          <h2 id="diff-title">Changes</h2>
          <ChangedFields fields={p.diff.fields} same="No differences." />
          {canRestore && (
            // Restoring is deliberate: the link leads to what it would change, with a button to confirm.
            <p>
              <a
                class="button button-secondary"
                href={`/newsroom/articles/${p.article.id}/restore?revision=${p.diff.a}`}
              >
                Restore the older version…
              </a>
            </p>
          )}
        </section>
      )}
    </NewsroomLayout>
  );
}

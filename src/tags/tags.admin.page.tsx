import type { SessionUser } from '../accounts/accounts.service.ts';
import { tagUrl } from '../core/urls.ts';
import type { Refusal } from '../newsroom/change.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { PostButton } from '../newsroom/post-button.tsx';
import { DataTable, InlineForm, InputField, type SentForm } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';
import type { TagWithCount } from './tags.admin.ts';

/** Which form on the tags screen a refusal came from. */
export type TagForm = { tag: number; action: 'rename' | 'merge' };

export interface TagsAdminPageProps {
  site: SiteContext;
  user: SessionUser | null;
  csrf: string | null;
  tags: TagWithCount[];
  /** The search box's text. */
  q: string;
  refusal?: Refusal & { form?: TagForm };
}

/** The tags screen: find, rename, merge and delete tags. */
export function TagsAdminPage(p: TagsAdminPageProps) {
  // Messages and typed values belong to the form that was sent, not to every row.
  const sent = (tag: number, action: TagForm['action']): SentForm | undefined =>
    p.refusal?.form?.tag === tag && p.refusal.form.action === action ? p.refusal : undefined;
  return (
    <NewsroomLayout site={p.site} title="Tags" user={p.user} csrf={p.csrf} error={p.refusal?.error}>
      <form method="get" action="/newsroom/tags" class="actions">
        <label for="tag-q">Find tags</label>
        <input id="tag-q" name="q" type="search" value={p.q} maxLength={80} />
        <button type="submit" class="button-secondary">
          Find
        </button>
      </form>
      <p>
        Renaming and merging keep old tag addresses working. A tag can be deleted only when no article uses
        it.
      </p>
      <DataTable caption="Tags" columns={['Tag', 'Articles', 'Rename', 'Merge into', 'Delete']}>
        {p.tags.map((t) => (
          <tr key={t.id}>
            <td>
              <a href={tagUrl(t)}>{t.name}</a>
            </td>
            <td>{t.articles}</td>
            <td>
              <InlineForm action={`/newsroom/tags/${t.id}`} csrf={p.csrf} submit="Rename">
                <InputField
                  name="name"
                  id={`tn-${t.id}`}
                  label={`New name for ${t.name}`}
                  hideLabel
                  sent={sent(t.id, 'rename')}
                  value={t.name}
                  maxLength={80}
                  required
                />
              </InlineForm>
            </td>
            <td>
              <InlineForm action={`/newsroom/tags/${t.id}/merge`} csrf={p.csrf} submit="Merge">
                <InputField
                  name="into"
                  id={`tm-${t.id}`}
                  label={`Slug of the tag to merge ${t.name} into`}
                  hideLabel
                  sent={sent(t.id, 'merge')}
                  placeholder="target slug"
                  maxLength={120}
                  required
                />
              </InlineForm>
            </td>
            <td>
              {t.articles === 0 && (
                <PostButton
                  action={`/newsroom/tags/${t.id}/delete`}
                  label={`Delete ${t.name}`}
                  csrf={p.csrf}
                />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </NewsroomLayout>
  );
}

import type { SessionUser } from '../accounts/accounts.service.ts';
import type { Section } from '../core/model.ts';
import type { Refusal } from '../newsroom/change.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { PostButton } from '../newsroom/post-button.tsx';
import { Field, InlineForm, InputField, PostForm, type SentForm, sentValue } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';

export interface SectionsAdminPageProps {
  site: SiteContext;
  user: SessionUser | null;
  csrf: string | null;
  sections: Section[];
  /** Top-level sections: where a new one may go. */
  parents: Section[];
  /** A refused change, and the form it came from ('new', or the id of the section renamed). */
  refusal?: Refusal & { form?: 'new' | number };
}

/** The sections screen: rename or delete each section, and create new ones. */
export function SectionsAdminPage(p: SectionsAdminPageProps) {
  // Messages and typed values belong to the form that was sent, not to every form on the page.
  const sent = (form: 'new' | number): SentForm | undefined =>
    p.refusal?.form === form ? p.refusal : undefined;
  const created = sent('new');
  return (
    <NewsroomLayout site={p.site} title="Sections" user={p.user} csrf={p.csrf} error={p.refusal?.error}>
      <p>
        Renaming keeps the old address working (it redirects). A section can be deleted only when it holds no
        articles.
      </p>
      <ul>
        {p.sections.map((s) => {
          const row = sent(s.id);
          return (
            <li key={s.id}>
              <InlineForm action={`/newsroom/sections/${s.id}`} csrf={p.csrf} submit="Rename">
                <InputField
                  name="name"
                  id={`sn-${s.id}`}
                  label={s.parent ? `${s.parent.name} »` : 'Top level:'}
                  sent={row}
                  value={s.name}
                  maxLength={200}
                  required
                />
                <InputField
                  name="slug"
                  id={`ss-${s.id}`}
                  label="slug"
                  sent={row}
                  value={s.slug}
                  maxLength={120}
                  required
                />
              </InlineForm>
              <PostButton
                action={`/newsroom/sections/${s.id}/delete`}
                label={`Delete ${s.name}`}
                csrf={p.csrf}
              />
            </li>
          );
        })}
      </ul>
      <h2>New section</h2>
      <PostForm action="/newsroom/sections" csrf={p.csrf} submit="Create section">
        <InputField name="name" id="new-name" label="Name" sent={created} maxLength={200} required />
        <Field name="parent" id="new-parent" label="Inside" errors={created?.fields}>
          {(f) => (
            <select {...f}>
              <option value="">(top level)</option>
              {p.parents.map((s) => (
                <option value={s.slug} key={s.id} selected={sentValue(created?.values, 'parent') === s.slug}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <InputField
          name="description"
          id="new-description"
          label="Description"
          sent={created}
          maxLength={500}
        />
      </PostForm>
    </NewsroomLayout>
  );
}

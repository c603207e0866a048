import type { AuthorAdmin } from '../authors/authors.admin.ts';
import { ROLES, type Role, type UserRow } from '../core/db/schema.ts';
import type { FormValues } from '../http/forms.ts';
import { Csrf, NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { PostButton } from '../newsroom/post-button.tsx';
import {
  DataTable,
  Field,
  type FieldErrors,
  InlineForm,
  InputField,
  PostForm,
  sentValue,
} from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';
import type { SessionUser } from './accounts.service.ts';

export interface UsersPageProps {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  users: UserRow[];
  /** Every author profile, with the account linked to it (if any): the bylines to choose from. */
  authors: AuthorChoice[];
  notice?: string | undefined;
  error?: string | undefined;
  /** Problems with the "Add a user" form, by field, and what was typed into it. */
  fields?: FieldErrors;
  values?: FormValues | undefined;
  /** A role change that was refused: the row it was for and why. */
  roleError?: { userId: number; message: string } | undefined;
  /** A byline change that was refused: the row it was for and why. */
  authorError?: { userId: number; message: string } | undefined;
}

type AuthorChoice = Awaited<ReturnType<AuthorAdmin['list']>>[number];

const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);

export function UsersPage(p: UsersPageProps) {
  const sentRole = sentValue(p.values, 'role', 'reporter');
  const newRole = isRole(sentRole) ? sentRole : 'reporter';
  const sent = { fields: p.fields, values: p.values };
  return (
    <NewsroomLayout site={p.site} title="Users" user={p.user} csrf={p.csrf} notice={p.notice} error={p.error}>
      <DataTable caption="Newsroom users" columns={['Name', 'Email', 'Role', 'Byline', 'State']}>
        {p.users.map((u) => (
          <tr key={u.id}>
            <td>{u.name}</td>
            <td>{u.email}</td>
            <td>
              <RoleForm
                user={u}
                csrf={p.csrf}
                error={p.roleError?.userId === u.id ? p.roleError.message : undefined}
              />
            </td>
            <td>
              <BylineForm
                user={u}
                authors={p.authors}
                csrf={p.csrf}
                error={p.authorError?.userId === u.id ? p.authorError.message : undefined}
              />
            </td>
            <td>
              <form
                method="post"
                action={`/newsroom/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}
                class="inline-form"
              >
                <Csrf token={p.csrf} />
                {u.disabled ? 'disabled ' : 'active '}
                <button type="submit" class="button-secondary">
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>Add a user</h2>
      <PostForm action="/newsroom/users" csrf={p.csrf} submit="Add user">
        <InputField name="name" id="u-name" label="Name" sent={sent} required maxLength={200} />
        <InputField
          name="email"
          id="u-email"
          label="Email"
          sent={sent}
          type="email"
          required
          maxLength={254}
        />
        <Field name="role" id="u-role" label="Role" errors={p.fields}>
          {(input) => (
            <select {...input}>
              {ROLES.map((r) => (
                <option value={r} key={r} selected={r === newRole}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
      </PostForm>
    </NewsroomLayout>
  );
}

/** One row's role picker; its label is for screen readers only, as the table's header names it. */
function RoleForm({ user, csrf, error }: { user: UserRow; csrf: string | null; error: string | undefined }) {
  return (
    <InlineForm action={`/newsroom/users/${user.id}/role`} csrf={csrf} submit="Set role">
      <Field
        name="role"
        id={`role-${user.id}`}
        label={`Role of ${user.name}`}
        hideLabel
        errors={error ? { role: error } : undefined}
      >
        {(input) => (
          <select {...input}>
            {ROLES.map((r) => (
              <option value={r} selected={r === user.role} key={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
    </InlineForm>
  );
}

/**
 * One row's byline: a profile no other account holds, or none; an account without one can have a
 * profile made from its name in one step.
 */
function BylineForm(p: {
  user: UserRow;
  authors: AuthorChoice[];
  csrf: string | null;
  error: string | undefined;
}) {
  const { user } = p;
  const free = p.authors.filter((a) => a.user_id === null || a.user_id === user.id);
  return (
    <>
      <InlineForm action={`/newsroom/users/${user.id}/author`} csrf={p.csrf} submit="Set byline">
        <Field
          name="author"
          id={`author-${user.id}`}
          label={`Byline of ${user.name}`}
          hideLabel
          errors={p.error ? { author: p.error } : undefined}
        >
          {(input) => (
            <select {...input}>
              <option value="">(none)</option>
              {free.map((a) => (
                <option value={String(a.id)} selected={a.id === user.author_id} key={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </InlineForm>
      {user.author_id === null && (
        <PostButton
          action={`/newsroom/users/${user.id}/author/new`}
          label={`New profile for ${user.name}`}
          csrf={p.csrf}
        />
      )}
    </>
  );
}

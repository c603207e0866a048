import { formatDateLine } from '../core/time.ts';
import type { FormValues } from '../http/forms.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { PostButton } from '../newsroom/post-button.tsx';
import { DataTable, type FieldErrors, InputField, PostForm } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';
import type { AccountService, SessionUser } from './accounts.service.ts';
import { MIN_PASSWORD_LENGTH } from './password.ts';

export type ApiTokenRow = Awaited<ReturnType<AccountService['listApiTokens']>>[number];

export interface AccountPageProps {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  tokens: ApiTokenRow[];
  notice?: string | undefined;
  error?: string | undefined;
  /** A token just created: its secret, shown this once. */
  token?: string | undefined;
  /** Problems with the form last sent, by field name. Passwords are never shown again. */
  fields?: FieldErrors;
  values?: FormValues | undefined;
}

export function AccountPage(p: AccountPageProps) {
  const sent = { fields: p.fields, values: p.values };
  // A one-time password: the newsroom stays closed until the user has chosen their own.
  const firstLogin = p.user.mustChangePassword === true;
  return (
    <NewsroomLayout
      site={p.site}
      title="Your account"
      user={p.user}
      csrf={p.csrf}
      notice={
        p.notice ??
        (firstLogin
          ? 'You signed in with a one-time password. Choose your own password to open the newsroom.'
          : undefined)
      }
      error={p.error}
    >
      <h2>Change password</h2>
      <PostForm action="/newsroom/account/password" csrf={p.csrf} submit="Change password">
        <InputField
          name="current"
          label="Current password"
          sent={sent}
          type="password"
          autocomplete="current-password"
          required
        />
        <InputField
          name="next"
          label="New password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          sent={sent}
          type="password"
          autocomplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          required
        />
      </PostForm>
      {!firstLogin && <ApiTokens {...p} />}
    </NewsroomLayout>
  );
}

/** The user's API tokens: a new one is shown once; each can be revoked. */
function ApiTokens(p: AccountPageProps) {
  const tz = p.site.timeZone;
  const sent = { fields: p.fields, values: p.values };
  return (
    <>
      <h2>API tokens</h2>
      <p>Tokens act as you in the admin API (`Authorization: Bearer ...`), with your permissions.</p>
      {p.token && (
        <p class="flash flash-ok" role="status">
          New token (shown once, copy it now): <code>{p.token}</code>
        </p>
      )}
      <DataTable caption="Your API tokens" columns={['Name', 'Created', 'State', 'Action']}>
        {p.tokens.map((t) => (
          <tr key={t.id}>
            <td>{t.name}</td>
            <td>{formatDateLine(t.created_at, tz)}</td>
            <td>{t.revoked_at ? 'revoked' : 'active'}</td>
            <td>
              {!t.revoked_at && (
                <PostButton action={`/newsroom/account/tokens/${t.id}/revoke`} label="Revoke" csrf={p.csrf} />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <PostForm action="/newsroom/account/tokens" csrf={p.csrf} submit="Create token">
        <InputField name="name" id="token-name" label="New token name" sent={sent} maxLength={100} required />
      </PostForm>
    </>
  );
}

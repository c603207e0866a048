import type { FormValues } from '../http/forms.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { Field, type FieldErrors, sentValue } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';

export interface LoginPageProps {
  site: SiteContext;
  /** The login form's double-submit CSRF value (also set as a cookie). */
  loginCsrf: string;
  /** Where to go after logging in (already checked by safeNext). */
  next: string;
  error?: string | undefined;
  fields?: FieldErrors;
  /** What was sent; the email is shown again, the password never. */
  values?: FormValues | undefined;
}

export function LoginPage(p: LoginPageProps) {
  return (
    <NewsroomLayout site={p.site} title="Log in" user={null} csrf={null} error={p.error}>
      <form method="post" action="/newsroom/login" class="form narrow">
        <input type="hidden" name="_csrf" value={p.loginCsrf} />
        <input type="hidden" name="next" value={p.next} />
        <Field name="email" label="Email" errors={p.fields}>
          {(input) => (
            <input
              {...input}
              type="email"
              autocomplete="username"
              required
              maxLength={254}
              value={sentValue(p.values, 'email')}
            />
          )}
        </Field>
        <Field name="password" label="Password" errors={p.fields}>
          {(input) => (
            <input {...input} type="password" autocomplete="current-password" required maxLength={200} />
          )}
        </Field>
        <div>
          <button type="submit">Log in</button>
        </div>
      </form>
    </NewsroomLayout>
  );
}

import type { SessionUser } from '../accounts/accounts.service.ts';
import { authorUrl } from '../core/urls.ts';
import type { Refusal } from '../newsroom/change.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { DataTable, Field, InputField, PostForm, type SentForm, sentValue } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';
import { LINK_ROWS, MAX_LINK_LABEL, MAX_LINK_URL } from './author-links.ts';
import { type AuthorProfile, MAX_BIO, MAX_NAME, MAX_SLUG, MAX_TITLE } from './authors.admin.ts';
import type { listAuthorProfiles } from './authors.repository.ts';

type AuthorListRow = Awaited<ReturnType<typeof listAuthorProfiles>>[number];

interface Frame {
  site: SiteContext;
  user: SessionUser | null;
  csrf: string | null;
}

/** Every author profile: staff (with the account they belong to) and outside contributors. */
export function AuthorsAdminPage(p: Frame & { authors: AuthorListRow[] }) {
  return (
    <NewsroomLayout site={p.site} title="Authors" user={p.user} csrf={p.csrf}>
      <p>
        Bylines: staff profiles are linked to their account on the Users screen; outside contributors have a
        profile and no login. <a href="/newsroom/authors/new">New author</a>
      </p>
      <DataTable caption="Author profiles" columns={['Name', 'Title', 'Author page', 'Account', 'Edit']}>
        {p.authors.map((a) => (
          <tr key={a.id}>
            <td>{a.name}</td>
            <td>{a.title}</td>
            <td>
              <a href={authorUrl(a)}>{authorUrl(a)}</a>
            </td>
            <td>{a.user_name ?? 'none (contributor)'}</td>
            <td>
              <a href={`/newsroom/authors/${a.id}`}>
                Edit<span class="visually-hidden"> {a.name}</span>
              </a>
            </td>
          </tr>
        ))}
      </DataTable>
    </NewsroomLayout>
  );
}

export interface AuthorFormPageProps extends Frame {
  /** The profile edited; none for a new one. */
  profile: AuthorProfile | undefined;
  /** Library images the photo may be chosen from. */
  photos: { id: number; alt: string }[];
  refusal?: Refusal;
}

/** One profile's form: a new author, or an existing one as stored (or as sent, when refused). */
export function AuthorFormPage(p: AuthorFormPageProps) {
  const a = p.profile;
  const sent: SentForm | undefined = p.refusal;
  const title = a ? `Edit author: ${a.name}` : 'New author';
  return (
    <NewsroomLayout site={p.site} title={title} user={p.user} csrf={p.csrf} error={p.refusal?.error}>
      <p>
        <a href="/newsroom/authors">All authors</a>
        {a && (
          <>
            {' · '}
            <a href={authorUrl(a)}>View the author page</a>
            {' · '}
            {a.user
              ? `The byline of ${a.user.name}'s account.`
              : 'No account linked: an outside contributor.'}
          </>
        )}
      </p>
      <PostForm
        action={a ? `/newsroom/authors/${a.id}` : '/newsroom/authors'}
        csrf={p.csrf}
        submit={a ? 'Save author' : 'Create author'}
      >
        <InputField name="name" label="Name" sent={sent} value={a?.name} maxLength={MAX_NAME} required />
        <InputField
          name="slug"
          label="Slug (the author page's address)"
          hint="Lower-case letters, digits and hyphens. Left empty, it is made from the name. A changed slug keeps the old address working."
          sent={sent}
          value={a?.slug}
          maxLength={MAX_SLUG}
        />
        <InputField
          name="title"
          label="Title"
          hint="For example: Foreign correspondent."
          sent={sent}
          value={a?.title}
          maxLength={MAX_TITLE}
        />
        <Field
          name="bio"
          label="Biography"
          hint="Plain text, shown on the author page."
          errors={sent?.fields}
        >
          {(f) => (
            <textarea {...f} rows={5} maxLength={MAX_BIO}>
              {sentValue(sent?.values, 'bio', a?.bio ?? '')}
            </textarea>
          )}
        </Field>
        <PhotoField photos={p.photos} sent={sent} current={a?.photo ?? null} />
        <LinkRows sent={sent} profile={a} />
      </PostForm>
    </NewsroomLayout>
  );
}

/** The photo: an image from the media library (its alt text names it), or none. */
function PhotoField(p: {
  photos: { id: number; alt: string }[];
  sent: SentForm | undefined;
  current: number | null;
}) {
  const chosen = sentValue(p.sent?.values, 'photo', p.current === null ? '' : String(p.current));
  // The stored or typed choice stays selectable even when it is not among the recent images.
  const listed = chosen === '' || p.photos.some((m) => String(m.id) === chosen);
  return (
    <Field
      name="photo"
      label="Photo"
      hint="An image from the media library (upload it there first)."
      errors={p.sent?.fields}
    >
      {(f) => (
        <select {...f}>
          <option value="">(no photo)</option>
          {!listed && (
            <option value={chosen} selected>
              Image #{chosen}
            </option>
          )}
          {p.photos.map((m) => (
            <option value={String(m.id)} selected={chosen === String(m.id)} key={m.id}>
              #{m.id}: {m.alt}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A few links (label and web address); empty rows are ignored. */
function LinkRows({ sent, profile }: { sent: SentForm | undefined; profile: AuthorProfile | undefined }) {
  return (
    <fieldset class="author-link-rows">
      <legend>Links (a personal site, a social account; web addresses starting with https://)</legend>
      {LINK_ROWS.map((n) => {
        const stored = profile?.links[n - 1];
        return (
          <div class="actions" key={n}>
            <InputField
              name={`link${n}_label`}
              label={`Link ${n} label`}
              sent={sent}
              value={stored?.label}
              maxLength={MAX_LINK_LABEL}
            />
            <InputField
              name={`link${n}_url`}
              label={`Link ${n} address`}
              sent={sent}
              value={stored?.url}
              maxLength={MAX_LINK_URL}
              placeholder="https://"
            />
          </div>
        );
      })}
    </fieldset>
  );
}

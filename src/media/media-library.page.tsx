import type { SessionUser } from '../accounts/accounts.service.ts';
import { can } from '../accounts/permissions.ts';
import type { MediaRow } from '../core/db/schema.ts';
import { NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { InputField, PostForm, type SentForm } from '../newsroom/ui.tsx';
import type { SiteContext } from '../render/context.ts';
import { Picture } from './media.render.tsx';

/** Whether to offer the edit form (MediaService.edit decides; this only hides what it would refuse). */
const mayEdit = (user: SessionUser | null, m: MediaRow) =>
  !!user && (can(user.role, 'article.edit-any') || m.created_by === user.id);

const percentOf = (fraction: number) => String(Math.round(fraction * 100));

export function MediaLibraryPage(p: {
  site: SiteContext;
  user: SessionUser | null;
  csrf: string | null;
  items: MediaRow[];
  notice?: string | undefined;
  error?: string | undefined;
  /** The upload form, when it was refused. */
  upload?: SentForm | undefined;
  /** An image's edit form, when it was refused: shown open, as it was sent. */
  editing?: (SentForm & { id: number }) | undefined;
}) {
  return (
    <NewsroomLayout
      site={p.site}
      title="Media library"
      user={p.user}
      csrf={p.csrf}
      notice={p.notice}
      error={p.error}
    >
      <UploadForm csrf={p.csrf} sent={p.upload} />
      <h2>Recent images</h2>
      <ul class="media-grid">
        {p.items.map((m) => (
          <li key={m.id}>
            <Picture m={m} crop="4x3" sizes="12rem" />
            <p>
              #{m.id} · {m.width}×{m.height} · {m.alt}
            </p>
            {mayEdit(p.user, m) && (
              <EditForm m={m} csrf={p.csrf} sent={p.editing?.id === m.id ? p.editing : undefined} />
            )}
          </li>
        ))}
      </ul>
    </NewsroomLayout>
  );
}

function UploadForm({ csrf, sent }: { csrf: string | null; sent: SentForm | undefined }) {
  return (
    <PostForm action="/newsroom/media" enctype="multipart/form-data" csrf={csrf} submit="Upload">
      <InputField
        name="file"
        label="Image (JPEG, PNG or WebP, up to 15 MB and 50 megapixels)"
        sent={sent}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        required
      />
      <InputField
        name="alt"
        label="Alt text (required)"
        hint="What the image shows, for readers who cannot see it."
        sent={sent}
        maxLength={500}
        required
      />
      <InputField name="caption" label="Caption" sent={sent} maxLength={1000} />
      <div class="actions">
        <FocalPoint sent={sent} across="50" down="50" />
      </div>
    </PostForm>
  );
}

/** One image's details; ids carry the image id, as the page holds one such form per image. */
function EditForm({ m, csrf, sent }: { m: MediaRow; csrf: string | null; sent: SentForm | undefined }) {
  return (
    <details open={!!sent}>
      <summary>Edit #{m.id}</summary>
      <PostForm action={`/newsroom/media/${m.id}`} csrf={csrf} submit="Save image details">
        <InputField
          name="alt"
          id={`alt-${m.id}`}
          label="Alt text"
          sent={sent}
          value={m.alt}
          maxLength={500}
          required
        />
        <InputField
          name="caption"
          id={`cap-${m.id}`}
          label="Caption"
          sent={sent}
          value={m.caption}
          maxLength={1000}
        />
        <FocalPoint
          sent={sent}
          across={percentOf(m.focal_x)}
          down={percentOf(m.focal_y)}
          ids={[`fx-${m.id}`, `fy-${m.id}`]}
        />
      </PostForm>
    </details>
  );
}

/** The point crops keep in frame, in percent across and down (`ids` when a page has several). */
function FocalPoint(p: { sent: SentForm | undefined; across: string; down: string; ids?: [string, string] }) {
  const percent = { sent: p.sent, type: 'number', min: '0', max: '100' } as const;
  return (
    <>
      <InputField
        name="focal_x"
        id={p.ids?.[0]}
        label="Focal point across (%)"
        value={p.across}
        {...percent}
      />
      <InputField name="focal_y" id={p.ids?.[1]} label="Focal point down (%)" value={p.down} {...percent} />
    </>
  );
}

import type { EditorChoices } from '../articles/newsroom.reader.ts';
import type { EditorView } from './editor.page.tsx';
import { FieldError } from './editor-parts.tsx';

type Errors = Record<string, string>;

/** The lead image: one of the latest in the media library, or the one the article has. */
export function LeadImageField(p: { value: string; media: EditorChoices['media']; errors: Errors }) {
  return (
    <div>
      <label for="lead_image">Lead image</label>
      <select id="lead_image" name="lead_image" aria-describedby="lead-hint">
        <option value="">None</option>
        {p.value && !p.media.some((m) => String(m.id) === p.value) && (
          <option value={p.value} selected>
            Image #{p.value}
          </option>
        )}
        {p.media.map((m) => (
          <option value={String(m.id)} selected={p.value === String(m.id)} key={m.id}>
            #{m.id}: {m.alt}
          </option>
        ))}
      </select>
      <p class="hint" id="lead-hint">
        Shown above the article, cropped 16:9 around its focal point. Upload images in the{' '}
        <a href="/newsroom/media">media library</a>.
      </p>
      <FieldError fields={p.errors} name="lead_image" />
    </div>
  );
}

/** The section, top-level sections grouping their children. */
export function SectionField(p: { value: string; sections: EditorChoices['sections']; errors: Errors }) {
  return (
    <div>
      <label for="section">Section</label>
      <select id="section" name="section" required>
        <option value="">Choose a section</option>
        {p.sections.map((s) => (
          <optgroup label={s.name} key={s.id}>
            <option value={s.slug} selected={p.value === s.slug}>
              {s.name}
            </option>
            {s.children.map((ch) => (
              <option value={ch.slug} selected={p.value === ch.slug} key={ch.id}>
                {s.name} » {ch.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <FieldError fields={p.errors} name="section" />
    </div>
  );
}

/**
 * The article's address. Until the first publish it follows the headline unless one is typed; after
 * it, a change still works (the old address answers with a 301 to the new one, by the article's id).
 */
export function SlugField(p: { v: EditorView; value: string; errors: Errors }) {
  const published = p.v.publishedAt !== null;
  return (
    <div>
      <label for="slug">Address (slug)</label>
      <input
        id="slug"
        name="slug"
        type="text"
        maxLength={120}
        value={p.value}
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        aria-describedby="slug-hint"
      />
      <p class="hint" id="slug-hint">
        {published
          ? 'Published: if you change it, the old address keeps working and redirects to the new one.'
          : 'Lower-case words joined by hyphens. Left empty, it is made from the headline.'}
      </p>
      <FieldError fields={p.errors} name="slug" />
    </div>
  );
}

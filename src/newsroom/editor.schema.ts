import { z } from 'zod';
import type { ArticleContentInput } from '../articles/articles.schema.ts';
import { TRANSITIONS } from '../articles/workflow.ts';
import { ARTICLE_KINDS } from '../core/db/schema.ts';
import { positiveInt32 } from '../core/numbers.ts';
import { parseLocalDateTime } from '../core/time.ts';
import { formField } from '../http/forms.ts';

/**
 * What the article editor's forms send. These read the form's shape (text, lists, ids); the
 * article's own rules (a headline, a known section, lengths) are the service's, for every source.
 */

const text = z.string().default('');

// Versions are int32 columns; a missing or malformed one (0) matches none: the change gets a 409.
const version = z
  .unknown()
  .optional()
  .transform((v) => positiveInt32(v) ?? 0);

/** Comma-separated tag names, as typed into the tags box. */
const tagList = text.transform((s) =>
  s
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean),
);

// formField.optionalId's own message is lost in its union: '' (none) or an id, with one message.
const LEAD_IMAGE = 'Choose an image from the list';
const leadImage = z
  .union([z.literal(''), formField.id(LEAD_IMAGE)], { error: LEAD_IMAGE })
  .optional()
  .transform((v) => (v === '' || v === undefined ? null : v));

/** The editor form: the article's content, the version it was opened at, a correction note. */
export const articleForm = z
  .object({
    headline: text,
    slug: formField.text(120),
    place: text,
    lede: text,
    body: text,
    section: text,
    tags: tagList,
    authors: formField.list(z.string(), 20),
    kind: z.union([z.literal(''), z.enum(ARTICLE_KINDS)], { error: 'Choose a kind' }).default(''),
    breaking: formField.checkbox(),
    lead_image: leadImage,
    version,
    correction: formField.text(1000),
  })
  .transform((f) => ({
    content: {
      headline: f.headline,
      slug: f.slug || undefined,
      place: f.place || undefined,
      lede: f.lede,
      body: f.body,
      section: f.section,
      tags: f.tags,
      authors: f.authors,
      kind: f.kind || 'staff',
      breaking: f.breaking,
      leadImage: f.lead_image,
    } satisfies ArticleContentInput,
    version: f.version,
    correction: f.correction || undefined,
  }));

// The service names content fields (`leadImage`, `tags.2`); the form names its inputs.
const FORM_NAME: Record<string, string> = { leadImage: 'lead_image' };

/** Field messages keyed by the editor's input names, the first message per input. */
export function editorFieldErrors(fields: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields ?? {})) {
    const top = key.split('.')[0]!;
    out[FORM_NAME[top] ?? top] ??= message;
  }
  return out;
}

/** A workflow button, or the schedule form with its wall-clock time in the site's zone. */
export function transitionForm(timeZone: string) {
  return z
    .object({
      action: z.enum(TRANSITIONS, { error: 'Unknown action.' }),
      at: text,
      version,
    })
    .transform((f, ctx) => {
      if (f.action !== 'schedule') return { action: f.action, version: f.version, at: undefined };
      const at = parseLocalDateTime(f.at, timeZone);
      if (at === undefined) {
        ctx.addIssue({ code: 'custom', path: ['at'], message: 'Choose a date and time.' });
        return z.NEVER;
      }
      return { action: f.action, version: f.version, at };
    });
}

/** How the conflict screen settles two saves: the fields chosen one by one, or all of one's own. */
export const resolveForm = z.object({
  choice: z.enum(['merge', 'overwrite'], { error: 'Choose how to settle the two versions.' }),
});

export const commentForm = z.object({ comment: formField.text(5000) });

/** Which two revisions to compare; anything else compares none. */
export const revisionsQuery = z.object({
  a: formField.optionalId().catch(null),
  b: formField.optionalId().catch(null),
});

/** The `?done=` a change redirects with, naming the notice to show. */
export const doneQuery = z.object({ done: z.string().optional().catch(undefined) });

/** The text the editor asks suggestions for; only its beginning is read, so longer text is cut. */
export const suggestForm = z.object({
  headline: text.transform((s) => s.slice(0, 400)),
  lede: text.transform((s) => s.slice(0, 2000)),
  body: text,
  tags: tagList,
});

import { z } from 'zod';
import { SLUG_PATTERN } from '../core/slug.ts';
import { formField } from '../http/forms.ts';

const name = formField.required(200, 'The section needs a name.');

/** A section slug as typed ('' keeps the current one); upper case is accepted and lowered. */
const slug = formField
  .text(120)
  .transform((s) => s.toLowerCase())
  .refine(
    (s) => s === '' || SLUG_PATTERN.test(s),
    'The slug may hold only lower-case letters, digits and hyphens.',
  );

export const sectionCreateForm = z.object({
  name,
  description: formField.text(500),
  /** The parent's slug; '' for a top-level section. */
  parent: formField.text(120).transform((s) => s || undefined),
});

export const sectionRenameForm = z.object({ name, slug });

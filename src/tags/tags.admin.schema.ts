import { z } from 'zod';
import { formField } from '../http/forms.ts';

export const tagRenameForm = z.object({
  name: formField.required(200, 'The tag needs a name.'),
  /** Not on the screen's form (the slug follows the name); the service checks its shape. */
  slug: formField.text(200),
});

export const tagMergeForm = z.object({
  into: formField.required(120, 'Enter the slug of the tag to merge into.'),
});

/** The tags screen's search box: anything unusable (a list, too long) is cut or ignored, never an error. */
export const tagSearchQuery = z.object({
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((q) => (q ?? '').trim().slice(0, 80)),
});

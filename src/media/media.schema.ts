import type { MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import { formField, parseForm } from '../http/forms.ts';

const PERCENT = 'A number from 0 to 100';

/** A focal-point coordinate typed in percent ('' or missing: the middle), kept as a fraction. */
const percent = () =>
  z
    .string({ error: PERCENT })
    .trim()
    .regex(/^(\d{1,3}(\.\d{1,4})?)?$/, PERCENT)
    .optional()
    .transform((v) => (v ? Number(v) : 50))
    .refine((n) => n <= 100, PERCENT)
    .transform((n) => n / 100);

/** What the upload form, the edit forms and the upload API send about an image. */
export const mediaDetailsSchema = z
  .object({
    alt: formField.required(500),
    caption: formField.text(1000),
    focal_x: percent(),
    focal_y: percent(),
  })
  .transform((d) => ({ alt: d.alt, caption: d.caption, focalX: d.focal_x, focalY: d.focal_y }));

export type MediaDetails = z.output<typeof mediaDetailsSchema>;

const LABELS: Record<string, string> = {
  alt: 'Alt text',
  caption: 'Caption',
  focal_x: 'Focal point across (%)',
  focal_y: 'Focal point down (%)',
};

/**
 * One sentence for the error summary above a form (and the API's message): the first field at
 * fault. A missing alt text keeps the sentence each form has always shown (`altMissing`).
 */
export function detailsProblem(fields: Record<string, string>, altMissing: string): string {
  if (fields.alt === 'Required') return altMissing;
  const [key, message] = Object.entries(fields)[0] ?? ['input', 'Not valid'];
  return `${LABELS[key] ?? 'Image details'}: ${message.toLowerCase()}.`;
}

const UPLOAD_ALT_MISSING = 'Describe the image in the alt text; it is required.';
const UPLOAD_FILE_MISSING = 'Choose an image file to upload.';

function fileOf(body: unknown): MultipartFile | undefined {
  const f = (body as Record<string, unknown> | undefined)?.file;
  return f && typeof f === 'object' && 'toBuffer' in f ? (f as MultipartFile) : undefined;
}

/**
 * An upload's file and details from its multipart body. Both are checked before anything is read,
 * so one answer names every field at fault (the file first: without it nothing else matters).
 */
export function readUpload(body: unknown): { file: MultipartFile; details: MediaDetails } {
  const form = parseForm(mediaDetailsSchema, body);
  const file = fileOf(body);
  if (file && form.ok) return { file, details: form.data };
  const fields = { ...(file ? {} : { file: 'Required' }), ...(form.ok ? {} : form.fields) };
  const message = file ? detailsProblem(fields, UPLOAD_ALT_MISSING) : UPLOAD_FILE_MISSING;
  throw new ValidationError(message, fields);
}

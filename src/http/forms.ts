import { z } from 'zod';
import { fieldErrors } from '../core/errors.ts';
import { MAX_INT32 } from '../core/numbers.ts';
import { isValidDate, localDayRange } from '../core/time.ts';

/** A form as the user sent it: every field as text (repeated fields as lists), files left out. */
export type FormValues = Record<string, string | string[]>;

const MAX_FIELDS = 100;
const MAX_FIELD_CHARS = 200_000;

/**
 * The fields of a parsed urlencoded or multipart body as plain strings. Multipart fields arrive as
 * `{ value }` objects and files as streams/buffers: values are kept, files dropped (the route
 * reads them itself). Bounded: at most 100 fields of 200,000 characters each.
 */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  let n = 0;
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf' || ++n > MAX_FIELDS) continue;
    const one = (v: unknown): string | undefined => {
      const x = v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
      return typeof x === 'string' ? x.slice(0, MAX_FIELD_CHARS) : undefined;
    };
    if (Array.isArray(raw)) {
      const list = raw.map(one).filter((x): x is string => x !== undefined);
      if (list.length) out[key] = list.slice(0, MAX_FIELDS);
    } else {
      const v = one(raw);
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; fields: Record<string, string>; values: FormValues };

/**
 * Reads a form through its schema: the data, or per-field messages together with everything the
 * user typed, so the form can be shown again as it was with each problem next to its field.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formValues(body);
  const parsed = schema.safeParse(values);
  return parsed.success
    ? { ok: true, data: parsed.data, values }
    : { ok: false, fields: fieldErrors(parsed.error), values };
}

/** Schemas for what HTML forms send: text, so numbers, ids, checkboxes and lists come as strings. */
export const formField = {
  /** Trimmed text of at most `max` characters ('' when the field is missing). */
  text: (max: number) => z.string().trim().max(max, `At most ${max} characters`).default(''),
  /** Trimmed, non-empty text. */
  required: (max: number, message = 'Required') =>
    z.string({ error: message }).trim().min(1, message).max(max, `At most ${max} characters`),
  /** A row id (1 to 2^31-1) written as digits. */
  id: (message = 'Not a valid id') =>
    z
      .string({ error: message })
      .regex(/^[1-9][0-9]{0,9}$/, message)
      .transform(Number)
      .refine((n) => n <= MAX_INT32, message),
  /** An optional id: '' or missing is null. */
  optionalId: (message = 'Not a valid id') =>
    z
      .string({ error: message })
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return null;
        if (!/^[1-9][0-9]{0,9}$/.test(v) || Number(v) > MAX_INT32) {
          ctx.addIssue({ code: 'custom', message });
          return z.NEVER;
        }
        return Number(v);
      }),
  /** A whole number in a range, written as digits. */
  int: (min: number, max: number, message = `A whole number from ${min} to ${max}`) =>
    z
      .string({ error: message })
      .regex(/^-?[0-9]{1,10}$/, message)
      .transform(Number)
      .refine((n) => n >= min && n <= max, message),
  /** A checkbox: present (any value) is true. */
  checkbox: () =>
    z
      .string()
      .optional()
      .transform((v) => v !== undefined && v !== ''),
  /** A repeated field (a multiple select): always a list. */
  list: (item: z.ZodType<string, string>, max = 20) =>
    z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .pipe(z.array(item).max(max, `At most ${max}`)),
};

/** Schemas for what a filter form's query string carries: each parameter given at most once. */
export const queryField = {
  /** Trimmed text of at most `max` characters, undefined when missing or empty. */
  text: (max: number, tooLong = `At most ${max} characters.`) =>
    z
      .string({ error: 'Give it once.' })
      .max(max, tooLong)
      .optional()
      .transform((v) => v?.trim() || undefined),
  /** A calendar day (YYYY-MM-DD) in the zone, as [start, end) in UTC milliseconds. */
  localDay: (timeZone: string) =>
    queryField.text(10).transform((v, ctx) => {
      if (v === undefined) return undefined;
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      const parts = m ? ([Number(m[1]), Number(m[2]), Number(m[3])] as const) : undefined;
      if (!parts || !isValidDate(...parts)) {
        ctx.addIssue({ code: 'custom', message: 'A date like 2024-10-18.' });
        return z.NEVER;
      }
      return localDayRange(...parts, timeZone);
    }),
};

/**
 * A from/to pair of days (as queryField.localDay gives them) as one range: from the start of the
 * first to the end of the last; an end before the start is refused on `to`.
 */
export function dayRange(
  days: { from?: readonly [number, number] | undefined; to?: readonly [number, number] | undefined },
  ctx: z.RefinementCtx,
): { from: number | undefined; to: number | undefined } {
  const from = days.from?.[0];
  const to = days.to?.[1];
  if (from !== undefined && to !== undefined && from >= to) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'The end date must not be before the start date.',
    });
  }
  return { from, to };
}

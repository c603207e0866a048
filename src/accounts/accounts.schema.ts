import { z } from 'zod';
import { ROLES } from '../core/db/schema.ts';
import { formField } from '../http/forms.ts';
import { EMAIL } from './accounts.service.ts';
import { safeNext } from './auth.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.ts';

/** A password as typed: never trimmed (spaces may be part of it). */
const secret = (message: string) =>
  z.string({ error: message }).max(MAX_PASSWORD_LENGTH, `At most ${MAX_PASSWORD_LENGTH} characters`);

const role = (message: string) => z.enum(ROLES, { error: message });

/**
 * The login form. Loose on content on purpose: a wrong or empty email or password gets the one
 * answer authenticate gives every failure; only what nobody types (over-long text) is refused here.
 */
export const loginSchema = z.object({
  email: formField.text(254),
  password: secret('Enter your password').default(''),
  // Anything but a newsroom path on this site (or a mangled one) means the newsroom's front page.
  next: z.string().max(500).catch('').transform(safeNext),
});

/** The login form's own CSRF token (a double-submit value; parseForm leaves `_csrf` out). */
export const loginCsrfSchema = z.object({ _csrf: z.string().min(1).max(100) });

export const NEW_PASSWORD_RULE = `The new password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`;

export const passwordChangeSchema = z.object({
  current: secret('Enter your current password.').min(1, 'Enter your current password.'),
  next: z
    .string({ error: NEW_PASSWORD_RULE })
    .min(MIN_PASSWORD_LENGTH, NEW_PASSWORD_RULE)
    .max(MAX_PASSWORD_LENGTH, NEW_PASSWORD_RULE),
});

export const tokenNameSchema = z.object({ name: formField.required(100, 'Give the token a name.') });

export const newUserSchema = z.object({
  name: formField.required(200, 'Give the user a name.'),
  // Loose on purpose, as in the service: intranet hosts (admin@localhost) are real addresses.
  email: z
    .string({ error: 'Not an email address' })
    .trim()
    .max(254, 'At most 254 characters')
    .regex(EMAIL, 'Not an email address'),
  role: role('Choose one of the listed roles'),
});

/** The profile an account's byline is ('' for none). */
export const authorLinkSchema = z.object({
  author: formField.optionalId('Choose one of the listed profiles.'),
});

export const roleChangeSchema = z.object({ role: role('Choose one of the listed roles') });

/** What `/newsroom/users/:id/:action` may do besides setting the role. */
export const userActionSchema = z.enum(['disable', 'enable', 'role']);

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, ValidationError } from '../core/errors.ts';
import { type FormValues, parseForm } from '../http/forms.ts';
import { parseId } from '../http/html.ts';

/** Why a change was refused, for showing its form again: the message, the fields it names, what was sent. */
export interface Refusal {
  error: string;
  fields?: Record<string, string>;
  values?: FormValues;
}

/** A form that failed its schema: every field message at the top as well as next to its field. */
export function formRefusal(r: { fields: Record<string, string>; values: FormValues }): Refusal {
  return { error: Object.values(r.fields).join(' '), fields: r.fields, values: r.values };
}

/**
 * Runs a change and redirects (303) to `back`; when the service refuses it (validation, conflict,
 * not found), shows the page again with the reason and the status instead. Permission errors and
 * failures (5xx) go on to the app's error handler.
 */
export async function changeThenRedirect(
  reply: FastifyReply,
  back: string,
  show: (refusal: Refusal, status: number) => unknown,
  change: () => Promise<unknown>,
  values?: FormValues,
): Promise<unknown> {
  try {
    await change();
    return reply.redirect(back, 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 403) throw err;
    const fields = err instanceof ValidationError ? err.fields : undefined;
    return show({ error: err.message, fields, values }, err.status);
  }
}

/** Shows a screen again with why a change was refused; `form` names which of its forms was sent. */
export type ShowRefusal<F> = (
  req: FastifyRequest,
  reply: FastifyReply,
  refusal: Refusal & { form?: F },
  status: number,
) => unknown;

/**
 * The change handlers of one screen: each runs its change and goes back to `back` (303), or shows
 * the screen again with the refusal (see changeThenRedirect). `form` marks the form a refusal
 * belongs to, so its messages and typed values go next to that form, not to every one on the page.
 */
export function screenChanges<F = never>(back: string, show: ShowRefusal<F>) {
  return {
    /** A form read through its schema (shown again at once, 422, when it fails it), then its change. */
    submit<S extends z.ZodType>(
      req: FastifyRequest,
      reply: FastifyReply,
      schema: S,
      change: (data: z.output<S>) => Promise<unknown>,
      form?: F,
    ): unknown {
      const refused = (r: Refusal, status: number) =>
        show(req, reply, form === undefined ? r : { ...r, form }, status);
      const sent = parseForm(schema, req.body);
      if (!sent.ok) return refused(formRefusal(sent), 422);
      return changeThenRedirect(reply, back, refused, () => change(sent.data), sent.values);
    },
    /**
     * A form posted to one item of the screen (`:id` in the route's path), then its change. An id
     * out of range matches nothing: the change is asked for item 0 and the service answers 404.
     */
    submitOn<S extends z.ZodType>(
      req: FastifyRequest,
      reply: FastifyReply,
      schema: S,
      change: (id: number, data: z.output<S>) => Promise<unknown>,
      form?: (id: number) => F,
    ): unknown {
      const id = itemId(req);
      return this.submit(req, reply, schema, (data) => change(id, data), form?.(id));
    },
    /** A change with nothing to fill in (a delete button). */
    run(req: FastifyRequest, reply: FastifyReply, change: () => Promise<unknown>): Promise<unknown> {
      return changeThenRedirect(reply, back, (r, status) => show(req, reply, r, status), change);
    },
  };
}

/** The item a `/:id` route acts on; 0 (which matches nothing) when the path's id is not one. */
export function itemId(req: FastifyRequest): number {
  return parseId((req.params as { id?: unknown } | undefined)?.id) ?? 0;
}

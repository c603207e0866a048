import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { databaseErrorToAppError } from '../core/db/availability.ts';
import type { DatabaseHandle } from '../core/db/database.ts';
import { AppError, DatabaseUnavailableError, ValidationError } from '../core/errors.ts';
import type { SiteContext } from '../render/context.ts';
import { NoticePage } from '../render/notice.page.tsx';
import { sendPage, wantsJson } from './html.ts';

const ERROR_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Log in required',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'Changed by someone else',
  415: 'Unsupported file',
  410: 'Article withdrawn',
  413: 'Too large',
  422: 'Please check the form',
  429: 'Too many attempts',
  503: 'Very busy',
};

/**
 * Errors and unknown addresses, answered in one place: typed errors with their status and message,
 * database outages as 503 (or the stale cached page), anything else as a 500 that hides internals.
 * API clients get JSON, browsers the site's page.
 */
/**
 * An error as a page of another part of the site (the newsroom shows its own in its layout, with a
 * way back to what the user was doing); undefined leaves it to the public site's page.
 */
export type ErrorPageFor = (
  req: FastifyRequest,
  error: { status: number; title: string; message: string },
) => VNode | undefined;

/** The status an error is answered with and the words shown for it; internals stay hidden. */
function statusAndMessage(err: unknown): { status: number; message: string } {
  if (err instanceof AppError) return { status: err.status, message: err.message };
  const code = (err as { statusCode?: number }).statusCode;
  // Load shedding: said plainly, Retry-After already set, and not logged per request.
  if (code === 503)
    return { status: 503, message: 'The site is very busy. Please try again in a few seconds.' };
  if (code && code >= 400 && code < 500) {
    const message = code === 413 ? 'The request is too large.' : 'The request could not be understood.';
    return { status: code, message };
  }
  return { status: 500, message: 'Something went wrong on our side. Please try again in a moment.' };
}

export function registerErrorPages(
  app: FastifyInstance,
  deps: { database: DatabaseHandle; site: () => SiteContext; pageFor?: ErrorPageFor },
): void {
  const { database } = deps;
  app.setErrorHandler((thrown, req, reply) => {
    // The client hung up (say mid-body): its "connection reset" is not the database's, and nobody
    // is left to answer. Without this, any client could make the node look unready.
    if (req.raw.destroyed || req.raw.socket?.destroyed) {
      req.log.debug({ err: thrown }, 'client went away');
      return reply.code(400).send();
    }
    // Database errors that are no bug: an outage (503, logged once by database.availability) or a
    // value the database refused (400, 409).
    const err = databaseErrorToAppError(thrown) ?? thrown;
    if (err instanceof DatabaseUnavailableError) {
      database.availability.failed(err);
      // stale-if-error: the cached copy of this page, even expired, rather than an error.
      if (reply.sendStale()) return;
      reply.header('retry-after', String(err.retryAfterSeconds));
    } else if (err !== thrown) {
      const { code, message } = thrown as { code?: unknown; message?: unknown };
      req.log.info({ code, detail: message }, 'database refused a value');
    }
    const { status, message } = statusAndMessage(err);
    if (status >= 500 && status !== 503) req.log.error({ err }, 'request failed');
    if (wantsJson(req)) {
      return reply.code(status).send({
        error: {
          code: err instanceof AppError ? err.code : `http_${status}`,
          message,
          ...(err instanceof ValidationError ? { fields: err.fields } : {}),
        },
      });
    }
    const title =
      err instanceof DatabaseUnavailableError
        ? 'Temporarily unavailable'
        : (ERROR_TITLES[status] ?? (status >= 500 ? 'Server error' : 'Bad request'));
    const own = deps.pageFor?.(req, { status, title, message });
    if (own) return sendPage(reply, own, status);
    return sendPage(
      reply,
      <NoticePage site={deps.site()} title={title}>
        <p>{message}</p>
        <p>
          Go to the <a href="/">front page</a> or browse the <a href="/archive">archive</a>.
        </p>
      </NoticePage>,
      status,
    );
  });

  app.setNotFoundHandler((req, reply) => {
    if (wantsJson(req)) return reply.code(404).send({ error: { code: 'not_found', message: 'Not found' } });
    const message = 'There is no page at this address. It may have moved, or the link may be mistyped.';
    const own = deps.pageFor?.(req, { status: 404, title: 'Page not found', message });
    if (own) return sendPage(reply, own, 404);
    return sendPage(
      reply,
      <NoticePage site={deps.site()} title="Page not found">
        <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          Go to the <a href="/">front page</a> or browse the <a href="/archive">archive</a>.
        </p>
      </NoticePage>,
      404,
    );
  });
}

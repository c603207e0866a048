import type { z } from 'zod';
/** Typed errors with stable codes; http/errors maps them to status codes in one place. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'There is no page at this address. It may have moved, or the link may be mistyped.') {
    super('not_found', 404, message);
  }
}

export class GoneError extends AppError {
  constructor(message = 'This article has been withdrawn') {
    super('gone', 410, message);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super('bad_request', 400, message);
  }
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super('validation_failed', 422, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', 409, message);
  }
}

/**
 * The database cannot be reached (stopped, restarting, network down): answered 503 with
 * Retry-After, since the same request will work once it is back. `reason` is short and free of
 * hosts and credentials (it is shown by /readyz).
 */
export class DatabaseUnavailableError extends AppError {
  readonly retryAfterSeconds = 5;
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'database_unavailable',
      503,
      'The site is temporarily unavailable. Please try again in a few seconds.',
    );
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this.') {
    super('forbidden', 403, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Log in to continue.') {
    super('unauthorized', 401, message);
  }
}

/** Raised by the route check itself (not by a service), with its own code so tests can tell. */
export class PermissionDeniedError extends ForbiddenError {
  override readonly code = 'permission_denied';
}

/** Per-field messages from a zod error (`authors.1` for the second author, `input` for the whole); the first message for a field wins. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of error.issues) {
    const key = i.path.join('.') || 'input';
    fields[key] ??= i.message;
  }
  return fields;
}

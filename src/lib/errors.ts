// Typed errors thrown by services; one Fastify error handler (src/plugins/app/errors.ts)
// turns each into an RFC 9457 problem+json response. Services never know about HTTP
// beyond the status each kind of failure implies.

export const PROBLEM_BASE = 'https://castindex.dev/problems/';

export interface FieldIssue {
  /** Where the problem is, e.g. "query.limit" or "body.scopes[1]". */
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    /** Stable problem slug; the `type` URI is PROBLEM_BASE + slug. */
    readonly slug: string,
    readonly status: number,
    readonly title: string,
    detail: string,
    /** Extra members for the problem document (RFC 9457 extensions). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldIssue[] = []) {
    super('validation', 400, 'Request validation failed', detail, { errors });
  }
}

/** A filter names something that does not exist: a 400, never an empty list. */
export class UnknownFilterValueError extends ValidationError {
  constructor(field: string, what: string, value: string) {
    const message = `no ${what} with id or slug "${value}"`;
    super(`${field}: ${message}`, [{ field, message }]);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('not-found', 404, 'Not found', `No ${what} with id or slug "${id}"`);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail: string) {
    super('unauthorized', 401, 'Authentication required', detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super('forbidden', 403, 'Missing permission', detail);
  }
}

export class NotAcceptableError extends AppError {
  constructor(detail: string) {
    super('not-acceptable', 406, 'Not acceptable', detail);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(detail: string) {
    super('payload-too-large', 413, 'Payload too large', detail);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(detail: string) {
    super('unsupported-media-type', 415, 'Unsupported media type', detail);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(detail: string) {
    super('rate-limited', 429, 'Too many requests', detail);
  }
}

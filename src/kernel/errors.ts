// The closed list of failures a request can end in, and the HTTP status each maps to.
// Domain code returns or throws these; nothing else decides a status code.
export const errorStatus = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Messages per field, already translated into the user's language. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: FieldErrors,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (message?: string) => new AppError('not_found', message);
export const forbidden = (message?: string) => new AppError('forbidden', message);
export const unauthenticated = (message?: string) => new AppError('unauthenticated', message);
export const conflict = (message?: string) => new AppError('conflict', message);
export const badRequest = (message?: string) => new AppError('bad_request', message);
export const invalid = (fields: FieldErrors, message?: string) => new AppError('validation', message, fields);

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/**
 * An expected failure returned by a domain command: a code from the closed list, and for `validation`
 * the message key per field (the page or API translates them into the user's language).
 */
export interface Failure {
  code: ErrorCode;
  fields?: Record<string, string>;
}

export const failure = (code: ErrorCode, fields?: Record<string, string>): Failure => (fields ? { code, fields } : { code });

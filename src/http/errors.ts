import type { MessageKey, Params } from '../i18n/index.js';

export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'password_change_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | (string & {});

/** A field problem: a message key (translated for the caller) with optional parameters. */
export interface FieldProblem {
  key: MessageKey;
  params?: Params;
}

/**
 * An error meant for the client: a status, a stable code, a translatable message and,
 * for validation problems, the offending fields. Anything else thrown becomes a 500
 * whose details stay in the log.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly options: {
      params?: Params;
      fields?: Record<string, FieldProblem[]>;
      headers?: Record<string, string>;
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(code);
  }
}

export const errors = {
  validation: (fields: Record<string, FieldProblem[]>, messageKey: MessageKey = 'error.validation_failed') =>
    new AppError(400, 'validation_failed', messageKey, { fields }),
  unauthenticated: () => new AppError(401, 'unauthenticated', 'error.unauthenticated'),
  invalidCredentials: () => new AppError(401, 'invalid_credentials', 'error.invalid_credentials'),
  passwordChangeRequired: () => new AppError(403, 'password_change_required', 'error.password_change_required'),
  forbidden: (messageKey: MessageKey = 'error.forbidden') => new AppError(403, 'forbidden', messageKey),
  notFound: () => new AppError(404, 'not_found', 'error.not_found'),
  conflict: (code: ErrorCode = 'conflict', messageKey: MessageKey = 'error.conflict', params?: Params, details?: Record<string, unknown>) =>
    new AppError(409, code, messageKey, { params, details }),
  rateLimited: (retryAfterSeconds: number, messageKey: MessageKey = 'error.rate_limited', params?: Params) =>
    new AppError(429, 'rate_limited', messageKey, {
      params: { seconds: retryAfterSeconds, ...params },
      headers: { 'retry-after': String(retryAfterSeconds) },
      details: { retryAfterSeconds },
    }),
};

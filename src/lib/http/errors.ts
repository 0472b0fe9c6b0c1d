import { APIError } from 'payload'

/**
 * Client errors with names of their own, so the envelope says what happened
 * (`{errors: [{name: 'TooManyRequests', …}]}`) and `loggingLevels` can log them at info.
 * Every one is public: its message is meant for the caller.
 */
export class BadRequest extends APIError {
  constructor(message: string, data?: Record<string, unknown>) {
    super(message, 400, data ?? null, true)
  }
}

export class Unauthorized extends APIError {
  constructor(message: string) {
    super(message, 401, null, true)
  }
}

export class Conflict extends APIError {
  constructor(message: string, data?: Record<string, unknown>) {
    super(message, 409, data ?? null, true)
  }
}

export class PayloadTooLarge extends APIError {
  constructor(message: string) {
    super(message, 413, null, true)
  }
}

export class TooManyRequests extends APIError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 429, { retryAfterSeconds }, true)
  }
}

/** The names `loggingLevels` logs at info, without a stack: a caller's mistake, not ours. */
export const CLIENT_ERROR_NAMES = [
  'AuthenticationError',
  'BadRequest',
  'Conflict',
  'Forbidden',
  'LockedAuth',
  'NotFound',
  'PayloadTooLarge',
  'PaymentRequired',
  'QueryError',
  'TooManyRequests',
  'Unauthorized',
  'UnauthorizedError',
  'UnverifiedEmail',
  'ValidationError',
] as const

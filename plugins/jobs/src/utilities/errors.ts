import { JobCancelledError } from 'payload'

/**
 * How a task says it failed (see README "Background work"). Anything else thrown retries with the
 * task's own backoff until its attempts are used up.
 */

/** Retry no earlier than `delayMs` from now (a provider's Retry-After). */
export class RetryAfterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message)
    this.name = 'RetryAfterError'
  }
}

/** Fail for good, without retrying (a bad request, insufficient quota). */
export class FailNowError extends JobCancelledError {
  constructor(message: string) {
    super(message)
    this.name = 'FailNowError'
  }
}

import type { PayloadRequest } from 'payload'

import { clientIpFrom } from './clientIp'
import { getEnv } from './env'
import { TooManyRequests } from './http/errors'
import { createRateLimiter, type RateLimiter } from './rateLimit'

/**
 * The project's request limits, each a fixed window shared by every instance through Redis when
 * it is configured (src/lib/rateLimit.ts). What each counts, and why, is in the README
 * ("Limits").
 */
const LIMITS = {
  // failed logins and forgot-password requests (see collections/Users/hooks/throttleAuthAttempts)
  authPerIp: (e) => [e.LOGIN_RATE_LIMIT_PER_IP, e.LOGIN_RATE_LIMIT_WINDOW_SECONDS],
  authPerEmailAndIp: (e) => [e.LOGIN_RATE_LIMIT_PER_EMAIL_AND_IP, e.LOGIN_RATE_LIMIT_WINDOW_SECONDS],
  authPerEmail: (e) => [e.LOGIN_RATE_LIMIT_PER_EMAIL, e.LOGIN_RATE_LIMIT_WINDOW_SECONDS],
  signupPerIp: (e) => [e.SIGNUP_RATE_LIMIT_PER_IP, e.RATE_LIMIT_WINDOW_SECONDS],
  personalizePerUser: (e) => [e.PERSONALIZE_RATE_LIMIT_PER_USER, e.RATE_LIMIT_WINDOW_SECONDS],
  personalizePerIp: (e) => [e.PERSONALIZE_RATE_LIMIT_PER_IP, e.RATE_LIMIT_WINDOW_SECONDS],
  uploadPerUser: (e) => [e.UPLOAD_RATE_LIMIT_PER_USER, e.RATE_LIMIT_WINDOW_SECONDS],
} satisfies Record<string, (env: ReturnType<typeof getEnv>) => [points: number, windowSeconds: number]>

export type LimitName = keyof typeof LIMITS
/** One unit of a limit: which limit, and whose count (an IP, an email, a user id). */
export type LimitCheck = { limit: LimitName; key: string }

const limiters = new Map<LimitName, RateLimiter>()

function limiter(name: LimitName): RateLimiter {
  let found = limiters.get(name)
  if (!found) {
    const [points, durationSeconds] = LIMITS[name](getEnv())
    // the Redis key prefix keeps the names the login throttle always had
    found = createRateLimiter({ name: name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), points, durationSeconds })
    limiters.set(name, found)
  }
  return found
}

/** The client's IP as the limits count it (the storefront's forwarded one only with the secret). */
export const requestIp = (req: PayloadRequest) => clientIpFrom(req.headers)

/**
 * Counts one attempt against every check; when any is used up, answers 429 with Retry-After
 * (header and `data.retryAfterSeconds`) and `message` ("… Try again in N seconds.").
 */
export async function enforceLimits(req: PayloadRequest, checks: LimitCheck[], message: string): Promise<void> {
  const results = await Promise.all(checks.map(({ limit, key }) => limiter(limit).consume(key)))
  const waits = results.map((result) => (result.allowed ? 0 : result.retryAfterSeconds))
  const retryAfter = Math.max(0, ...waits)
  if (retryAfter === 0) return
  req.responseHeaders = new Headers(req.responseHeaders)
  req.responseHeaders.set('Retry-After', String(retryAfter))
  throw new TooManyRequests(`${message} Try again in ${retryAfter} seconds.`, retryAfter)
}

/** Gives back the attempt counted by `enforceLimits` (it succeeded, and only failures count). */
export async function refundLimits(checks: LimitCheck[]): Promise<void> {
  await Promise.all(checks.map(({ limit, key }) => limiter(limit).refund(key)))
}

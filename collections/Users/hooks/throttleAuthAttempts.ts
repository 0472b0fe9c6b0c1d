import { APIError, type CollectionBeforeOperationHook } from 'payload'

import { clientIpFrom } from '@/lib/clientIp'
import { getEnv } from '@/lib/env'
import { createRateLimiter, type RateLimiter } from '@/lib/rateLimit'

let limiters: { perIp: RateLimiter; perEmail: RateLimiter } | undefined

const getLimiters = () => {
  if (!limiters) {
    const env = getEnv()
    limiters = {
      perIp: createRateLimiter({
        name: 'auth-ip',
        points: env.LOGIN_RATE_LIMIT_PER_IP,
        durationSeconds: env.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
      }),
      perEmail: createRateLimiter({
        name: 'auth-email',
        points: env.LOGIN_RATE_LIMIT_PER_EMAIL,
        durationSeconds: env.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
      }),
    }
  }
  return limiters
}

/**
 * Login and forgot-password are throttled per client IP and per email before Payload's own
 * lockout, for REST and GraphQL alike (both run this hook). Local API calls without a request
 * (seeds, scripts) are not throttled.
 */
export const throttleAuthAttempts: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'login' && operation !== 'forgotPassword') return args
  if (!req.headers || typeof req.headers.get !== 'function' || !req.url) return args
  const email = String((args as { data?: { email?: unknown } }).data?.email ?? '')
    .trim()
    .toLowerCase()
  const { perIp, perEmail } = getLimiters()
  const checks = [perIp.consume(`${operation}:${clientIpFrom(req.headers)}`)]
  if (email) checks.push(perEmail.consume(`${operation}:${email}`))
  const results = await Promise.all(checks)
  const refused = results.filter((result) => !result.allowed)
  if (refused.length) {
    const retryAfter = Math.max(...refused.map((r) => (r.allowed ? 0 : r.retryAfterSeconds)))
    req.responseHeaders = new Headers(req.responseHeaders)
    req.responseHeaders.set('Retry-After', String(retryAfter))
    throw new APIError(
      `Too many attempts. Try again in ${retryAfter} seconds.`,
      429,
      { retryAfterSeconds: retryAfter },
      true,
    )
  }
  return args
}

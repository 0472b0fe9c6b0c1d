import ipaddr from 'ipaddr.js'
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
  aiPagesPerUser: (e) => [e.AI_RATE_LIMIT_PER_USER, e.RATE_LIMIT_WINDOW_SECONDS],
  checkoutPerUser: (e) => [e.CHECKOUT_RATE_LIMIT_PER_USER, e.RATE_LIMIT_WINDOW_SECONDS],
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
    found = createRateLimiter({
      name: name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      points,
      durationSeconds,
    })
    limiters.set(name, found)
  }
  return found
}

/**
 * The client as the limits count it: its IP (the storefront's forwarded one only with the
 * secret), an IPv6 address by its /64 network, which one subscriber usually holds whole.
 */
export function requestIp(req: PayloadRequest): string {
  const ip = clientIpFrom(req.headers)
  if (!ipaddr.isValid(ip)) return ip
  const address = ipaddr.process(ip) // an IPv4 address mapped into IPv6 becomes plain IPv4
  if (address.kind() === 'ipv4') return address.toString()
  const network = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16))
  return `${network.join(':')}::/64`
}

/**
 * Counts one attempt against the checks in order, and stops at the first that is used up:
 * answers 429 with Retry-After (header and `data.retryAfterSeconds`) and `message` ("… Try again
 * in N seconds."). An attempt refused by an earlier check is not counted by the later ones, so a
 * client stopped on its own IP adds nothing to the count of the email it is trying.
 * Returns the checks that counted the attempt (for `refundLimits`).
 */
export async function enforceLimits(
  req: PayloadRequest,
  checks: LimitCheck[],
  message: string,
): Promise<LimitCheck[]> {
  const counted: LimitCheck[] = []
  for (const check of checks) {
    const result = await limiter(check.limit).consume(check.key)
    if (result.allowed) {
      counted.push(check)
      continue
    }
    req.responseHeaders = new Headers(req.responseHeaders)
    req.responseHeaders.set('Retry-After', String(result.retryAfterSeconds))
    throw new TooManyRequests(
      `${message} Try again in ${result.retryAfterSeconds} seconds.`,
      result.retryAfterSeconds,
    )
  }
  return counted
}

/** Gives back the attempt counted by `enforceLimits` (it succeeded, and only failures count). */
export async function refundLimits(checks: LimitCheck[]): Promise<void> {
  await Promise.all(checks.map(({ limit, key }) => limiter(limit).refund(key)))
}

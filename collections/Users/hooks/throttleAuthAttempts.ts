import type { CollectionAfterLoginHook, CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { enforceLimits, refundLimits, requestIp, type LimitCheck } from '@/lib/requestLimits'

const CHECKS_KEY = 'authLimitChecks'

export const normalisedEmail = (value: unknown) =>
  String(value ?? '')
    .trim()
    .toLowerCase()

/**
 * What one login or forgot-password attempt counts against (README "Accounts and limits"), in
 * this order: the client IP, the email from that IP (strict), the email from anywhere (a much
 * looser ceiling). A stranger who uses up the strict count for the owner's email from their own
 * IP leaves the owner, on another IP, signing in; their refused attempts count no further.
 */
function authChecks(operation: string, email: string, ip: string): LimitCheck[] {
  const checks: LimitCheck[] = [{ limit: 'authPerIp', key: `${operation}:${ip}` }]
  if (email) {
    checks.push({ limit: 'authPerEmailAndIp', key: `${operation}:${email}|${ip}` })
    checks.push({ limit: 'authPerEmail', key: `${operation}:${email}` })
  }
  return checks
}

// Local API calls without an HTTP request (seed, scripts) are not throttled
const fromHttp = (req: PayloadRequest) => req.payloadAPI !== 'local' && Boolean(req.headers?.get)

/**
 * Throttles the public auth operations, for REST and GraphQL alike (both run this hook), with
 * 429 and Retry-After: login and forgot-password as above, where a login that succeeds gives
 * its attempt back (only failures count); sign-up per client IP.
 */
export const throttleAuthAttempts: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (!fromHttp(req)) return args
  if (operation === 'create' && !req.user) {
    await enforceLimits(
      req,
      [{ limit: 'signupPerIp', key: requestIp(req) }],
      'Too many sign-ups from this network.',
    )
    return args
  }
  if (operation !== 'login' && operation !== 'forgotPassword') return args
  const email = normalisedEmail((args as { data?: { email?: unknown } }).data?.email)
  const counted = await enforceLimits(req, authChecks(operation, email, requestIp(req)), 'Too many attempts.')
  if (operation === 'login') req.context[CHECKS_KEY] = counted
  return args
}

/** A successful login was not a failure: its attempt is given back. */
export const forgiveSuccessfulLogin: CollectionAfterLoginHook = async ({ req, user }) => {
  const checks = req.context[CHECKS_KEY] as LimitCheck[] | undefined
  if (checks) await refundLimits(checks)
  return user
}

import { timingSafeEqual } from 'node:crypto'

import { getEnv } from './env'

/** Set by src/server.ts from the socket; any value a client sends is overwritten. */
export const SOCKET_IP_HEADER = 'x-smm-socket-ip'
/** Sent by the storefront (server-side) with the customer's IP, next to INTERNAL_SECRET_HEADER. */
export const FORWARDED_CLIENT_IP_HEADER = 'x-client-ip'
export const INTERNAL_SECRET_HEADER = 'x-internal-secret'

const safeEqual = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function hasInternalSecret(headers: Headers): boolean {
  const given = headers.get(INTERNAL_SECRET_HEADER)
  return Boolean(given) && safeEqual(given!, getEnv().INTERNAL_API_SECRET)
}

/**
 * The client's IP for rate limiting: the storefront's forwarded value only when it proves itself
 * with INTERNAL_API_SECRET, otherwise the socket address our server recorded.
 */
export function clientIpFrom(headers: Headers): string {
  const forwarded = headers.get(FORWARDED_CLIENT_IP_HEADER)?.trim()
  if (forwarded && forwarded.length <= 64 && hasInternalSecret(headers)) return forwarded
  return headers.get(SOCKET_IP_HEADER) ?? 'unknown'
}

import { createHmac, timingSafeEqual } from 'node:crypto'

/** Revalidation calls are signed: HMAC-SHA256 of `<unix seconds>.<body>` under REVALIDATE_SECRET. */
export const MAX_AGE_SECONDS = 300

export function verifySignature(
  secret: string,
  header: string | null,
  body: string,
  now = Date.now(),
): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '')
  if (!match) return false
  const timestamp = Number(match[1])
  if (Math.abs(now / 1000 - timestamp) > MAX_AGE_SECONDS) return false
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest()
  const given = Buffer.from(match[2], 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

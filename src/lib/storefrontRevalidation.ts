import { createHmac } from 'node:crypto'

import { getEnv } from './env'
import { warnThrottled } from './logger'

/**
 * Tells the storefront which of its cached reads a committed change made stale (its signed
 * /api/revalidate route). Best effort: a storefront that is down or slow is logged, never waited
 * for long, and its own cache expires on its own.
 */
export async function revalidateStorefront(tags: string[]): Promise<void> {
  if (!tags.length) return
  const env = getEnv()
  const body = JSON.stringify({ tags })
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = createHmac('sha256', env.REVALIDATE_SECRET).update(`${timestamp}.${body}`).digest('hex')
  try {
    const response = await fetch(`${env.STOREFRONT_URL}/api/revalidate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-revalidate-signature': `t=${timestamp},v1=${signature}`,
      },
      body,
      signal: AbortSignal.timeout(2_000),
    })
    await response.arrayBuffer()
    if (!response.ok)
      warnThrottled('storefront-revalidate', `storefront revalidation answered ${response.status}`)
  } catch (err) {
    warnThrottled('storefront-revalidate', 'storefront revalidation failed', err)
  }
}

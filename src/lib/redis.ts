import { Redis } from 'ioredis'

import { getEnv } from './env'
import { warnThrottled } from './logger'

/**
 * One shared ioredis client per process, only when REDIS_URL is set. Bounded connect and command
 * timeouts and no offline queue: while Redis is down every command fails fast and callers fall
 * back to their in-process path instead of waiting.
 */
let client: Redis | null | undefined

export function getRedis(): Redis | null {
  if (client !== undefined) return client
  const url = getEnv().REDIS_URL
  if (!url) {
    client = null
    return client
  }
  client = new Redis(url, {
    connectTimeout: 1_000,
    commandTimeout: 500,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    // keep trying to come back, at most every 2 s
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
  client.on('error', (err) => warnThrottled('redis', 'Redis unavailable; using in-process fallback', err))
  return client
}

export function redisIsReady(): boolean {
  return getRedis()?.status === 'ready'
}

export async function closeRedis(): Promise<void> {
  if (client) {
    const current = client
    client = undefined
    await current.quit().catch(() => current.disconnect())
  }
}

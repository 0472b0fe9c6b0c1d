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

/**
 * Resolves once the client is ready for its first time (commands are not queued while
 * connecting, so the first requests of a process would otherwise miss Redis). After the first
 * connection, or past `timeoutMs`, it answers at once: a Redis that died later is not waited for.
 */
let firstConnection: Promise<boolean> | undefined

export function whenRedisFirstReady(timeoutMs = 2_000): Promise<boolean> {
  const redis = getRedis()
  if (!redis) return Promise.resolve(false)
  if (redis.status === 'ready') return Promise.resolve(true)
  firstConnection ??= new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    timer.unref()
    redis.once('ready', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
  return firstConnection
}

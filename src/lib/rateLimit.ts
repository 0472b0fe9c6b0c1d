import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'

import { getRedis, whenRedisFirstReady } from './redis'

/**
 * Fixed-window limiters shared by every instance through Redis when configured. Each Redis limiter
 * has an in-process insurance limiter, so a dead Redis degrades to per-instance limits instead of
 * failing requests.
 */
export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export interface RateLimiter {
  consume(key: string, points?: number): Promise<RateLimitResult>
  /** Gives back points consumed for `key` (an attempt that turned out to succeed). */
  refund(key: string, points?: number): Promise<void>
  reset(key: string): Promise<void>
}

export function createRateLimiter(options: {
  name: string
  points: number
  durationSeconds: number
}): RateLimiter {
  const memory = new RateLimiterMemory({
    keyPrefix: options.name,
    points: options.points,
    duration: options.durationSeconds,
  })
  const redis = getRedis()
  const limiter = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `rl:${options.name}`,
        points: options.points,
        duration: options.durationSeconds,
        insuranceLimiter: memory,
        useRedisPackage: false,
      })
    : memory

  return {
    async consume(key, points = 1) {
      if (redis) await whenRedisFirstReady()
      try {
        await limiter.consume(key, points)
        return { allowed: true }
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          }
        }
        throw rejection
      }
    },
    async refund(key, points = 1) {
      if (redis) await whenRedisFirstReady()
      await limiter.reward(key, points).catch(() => undefined)
    },
    async reset(key) {
      await limiter.delete(key).catch(() => undefined)
    },
  }
}

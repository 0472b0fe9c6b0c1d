import {
  parsePageEvent,
  PROGRESS_CHANNEL,
  type PageEvent,
  type ProgressChannel,
} from '@memory-maker/payload-ai-pages'
import type { Redis } from 'ioredis'

import { getRedis } from './redis'

/**
 * The ai-pages progress channel over Redis pub/sub, when REDIS_URL is set (else the plugin's
 * Postgres NOTIFY default). Publishing uses the shared client; listening needs a connection of
 * its own (a subscribed connection can do nothing else), opened with the first listener.
 */
export function redisProgress(): ProgressChannel | undefined {
  const redis = getRedis()
  if (!redis) return undefined
  const listeners = new Set<(event: PageEvent) => void>()
  let subscriber: Redis | undefined

  return {
    async publish(event) {
      await redis.publish(PROGRESS_CHANNEL, JSON.stringify(event))
    },
    async subscribe(listener) {
      listeners.add(listener)
      if (!subscriber) {
        subscriber = redis.duplicate({ enableOfflineQueue: true })
        subscriber.on('error', () => undefined)
        subscriber.on('message', (_channel: string, text: string) => {
          const event = parsePageEvent(text)
          if (event) for (const each of listeners) each(event)
        })
        try {
          await subscriber.subscribe(PROGRESS_CHANNEL)
        } catch (err) {
          listeners.delete(listener)
          subscriber.disconnect()
          subscriber = undefined
          throw err
        }
      }
      return () => {
        listeners.delete(listener)
        if (!listeners.size && subscriber) {
          subscriber.disconnect()
          subscriber = undefined
        }
      }
    },
  }
}

import { getRedis, redisIsReady, whenRedisFirstReady } from './redis'
import { warnThrottled } from './logger'

/**
 * A small TTL cache shared by every instance through Redis when REDIS_URL is set, and in-process
 * otherwise (or while Redis is unreachable). Values are strings; callers serialise.
 */
export interface TtlCache {
  get(key: string): Promise<string | null>
  set(key: string, value: string, ttlSeconds: number): Promise<void>
  /** Atomically increments a counter (no expiry) and returns the new value. */
  incr(key: string): Promise<number>
  getCounter(key: string): Promise<number>
}

const MAX_MEMORY_ENTRIES = 5_000

class MemoryCache implements TtlCache {
  private entries = new Map<string, { value: string; expiresAt: number }>()
  private counters = new Map<string, number>()

  async get(key: string) {
    const hit = this.entries.get(key)
    if (!hit) return null
    if (hit.expiresAt < Date.now()) {
      this.entries.delete(key)
      return null
    }
    return hit.value
  }

  async set(key: string, value: string, ttlSeconds: number) {
    if (this.entries.size >= MAX_MEMORY_ENTRIES) {
      // Map keeps insertion order: drop the oldest entry
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 })
  }

  async incr(key: string) {
    const next = (this.counters.get(key) ?? 0) + 1
    this.counters.set(key, next)
    return next
  }

  async getCounter(key: string) {
    return this.counters.get(key) ?? 0
  }
}

class RedisBackedCache implements TtlCache {
  constructor(private readonly memory: MemoryCache) {}

  private async attempt<T>(run: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    const redis = getRedis()
    if (redis) await whenRedisFirstReady()
    if (!redis || !redisIsReady()) return fallback()
    try {
      return await run()
    } catch (err) {
      warnThrottled('cache', 'Redis cache command failed; using in-process cache', err)
      return fallback()
    }
  }

  get(key: string) {
    return this.attempt(() => getRedis()!.get(key), () => this.memory.get(key))
  }

  set(key: string, value: string, ttlSeconds: number) {
    return this.attempt(
      async () => {
        await getRedis()!.set(key, value, 'EX', Math.max(1, ttlSeconds))
      },
      () => this.memory.set(key, value, ttlSeconds),
    )
  }

  incr(key: string) {
    // the local counter moves too, so a later fallback never reads an older generation
    const local = this.memory.incr(key)
    return this.attempt(() => getRedis()!.incr(key), () => local)
  }

  getCounter(key: string) {
    return this.attempt(
      async () => Number((await getRedis()!.get(key)) ?? 0),
      () => this.memory.getCounter(key),
    )
  }
}

// One in-process store per process, even though Next bundles its own copy of this module next to
// the one src/server.ts loads: both must see the same entries and generation counters.
const MEMORY_KEY = Symbol.for('smm.cache.memory')
const sharedMemory = (): MemoryCache => {
  const holder = globalThis as unknown as Record<symbol, MemoryCache | undefined>
  holder[MEMORY_KEY] ??= new MemoryCache()
  return holder[MEMORY_KEY]!
}

let shared: TtlCache | undefined

export function getCache(): TtlCache {
  if (!shared) {
    const memory = sharedMemory()
    shared = getRedis() ? new RedisBackedCache(memory) : memory
  }
  return shared
}

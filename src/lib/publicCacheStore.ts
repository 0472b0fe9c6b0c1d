import type { Redis } from 'ioredis'

import { warnThrottled } from './logger'
import { getRedis, whenRedisFirstReady } from './redis'

/**
 * Where the public read cache keeps its entries and tag versions: Redis when REDIS_URL is set
 * (shared by every instance, so all of them forget at once), else this process (or while Redis
 * is unreachable). Both follow the same rules:
 * - an entry is stored with the tags of what it shows and the invalidation `stamp` taken before
 *   its content was read; it is served only while no tag of it was invalidated after that stamp,
 *   so a fill that read before an invalidation never outlives it;
 * - invalidating tags takes the next stamp and records it as their version;
 * - entries expire after their TTL and are evicted, oldest first, past a byte budget.
 */
/** Taken before a fill reads: the store's invalidation counter, which store, and when. */
export type Stamp = { seq: number; store: 'redis' | 'memory' | 'none'; at: number }

export interface PublicCacheStore {
  read(key: string): Promise<string | null>
  stamp(): Promise<Stamp>
  write(key: string, body: string, tags: string[], stamp: Stamp, ttlSeconds: number): Promise<void>
  invalidate(tags: string[], ttlSeconds: number): Promise<void>
}

const PREFIX = 'pc:'
const ENTRY = `${PREFIX}e:`
const TAG = `${PREFIX}t:`
const SEQ = `${PREFIX}seq`
const INDEX = `${PREFIX}index`
const SIZES = `${PREFIX}sizes`
const BYTES = `${PREFIX}bytes`
// a tag's version must outlive every entry filled before it: entries live at most the TTL from
// their write, and a fill whose read started longer ago than the grace is not kept
const TAG_GRACE_SECONDS = 60
const tooOld = (stamp: Stamp) => Date.now() - stamp.at > TAG_GRACE_SECONDS * 1000

/** `<stamp>\n<tags>\n<body>`: the body is served without re-encoding. */
const pack = (stamp: number, tags: string[], body: string) => `${stamp}\n${tags.join(' ')}\n${body}`

export class MemoryStore implements PublicCacheStore {
  private entries = new Map<
    string,
    { stamp: number; tags: string[]; body: string; bytes: number; expiresAt: number }
  >()
  private versions = new Map<string, { seq: number; expiresAt: number }>()
  private seq = 0
  private bytes = 0

  constructor(private readonly budgetBytes: number) {}

  async read(key: string) {
    const entry = this.entries.get(key)
    if (!entry) return null
    const now = Date.now()
    if (entry.expiresAt <= now) {
      this.remove(key)
      return null
    }
    for (const tag of entry.tags) {
      const version = this.versions.get(tag)
      if (version && version.expiresAt > now && version.seq > entry.stamp) return null
    }
    return entry.body
  }

  async stamp(): Promise<Stamp> {
    return { seq: this.seq, store: 'memory', at: Date.now() }
  }

  async write(key: string, body: string, tags: string[], stamp: Stamp, ttlSeconds: number) {
    if (stamp.store !== 'memory' || tooOld(stamp)) return
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(body)
    if (bytes > this.budgetBytes / 4) return
    this.remove(key)
    this.entries.set(key, { stamp: stamp.seq, tags, body, bytes, expiresAt: Date.now() + ttlSeconds * 1000 })
    this.bytes += bytes
    this.evict()
  }

  async invalidate(tags: string[], ttlSeconds: number) {
    this.seq += 1
    const expiresAt = Date.now() + (ttlSeconds + TAG_GRACE_SECONDS) * 1000
    for (const tag of tags) this.versions.set(tag, { seq: this.seq, expiresAt })
  }

  private remove(key: string) {
    const entry = this.entries.get(key)
    if (!entry) return
    this.bytes -= entry.bytes
    this.entries.delete(key)
  }

  /** Expired entries, then the oldest (a Map keeps insertion order) until within the budget. */
  private evict() {
    const now = Date.now()
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now && this.bytes <= this.budgetBytes) break
      this.remove(key)
    }
    for (const [tag, version] of this.versions) if (version.expiresAt <= now) this.versions.delete(tag)
  }
}

// The Lua scripts keep every step of a read, write or invalidation atomic and in one round trip.
const READ = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local first = string.find(raw, '\\n', 1, true)
local second = string.find(raw, '\\n', first + 1, true)
local stamp = tonumber(string.sub(raw, 1, first - 1))
for tag in string.gmatch(string.sub(raw, first + 1, second - 1), '%S+') do
  local version = redis.call('GET', ARGV[1] .. tag)
  if version and tonumber(version) > stamp then return false end
end
return string.sub(raw, second + 1)`

const WRITE = `
local function evict(key)
  redis.call('DEL', key)
  local size = tonumber(redis.call('HGET', KEYS[4], key) or '0')
  redis.call('HDEL', KEYS[4], key)
  redis.call('ZREM', KEYS[2], key)
  return redis.call('DECRBY', KEYS[3], size)
end
local size = string.len(ARGV[1]) + string.len(KEYS[1])
local previous = tonumber(redis.call('HGET', KEYS[4], KEYS[1]) or '0')
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('HSET', KEYS[4], KEYS[1], size)
redis.call('ZADD', KEYS[2], tonumber(ARGV[3]) + tonumber(ARGV[2]) * 1000, KEYS[1])
local total = redis.call('INCRBY', KEYS[3], size - previous)
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[3], 'LIMIT', 0, 200)) do
  total = evict(key)
end
while total > tonumber(ARGV[4]) do
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0)
  if #oldest == 0 or oldest[1] == KEYS[1] then break end
  total = evict(oldest[1])
end
return total`

const INVALIDATE = `
local seq = redis.call('INCR', KEYS[1])
for i = 3, #ARGV do redis.call('SET', ARGV[1] .. ARGV[i], seq, 'EX', ARGV[2]) end
return seq`

type ScriptedRedis = Redis & {
  pcRead(key: string, tagPrefix: string): Promise<string | null>
  pcWrite(
    entry: string,
    index: string,
    bytes: string,
    sizes: string,
    raw: string,
    ttl: number,
    now: number,
    budget: number,
  ): Promise<number>
  pcInvalidate(seq: string, tagPrefix: string, ttl: number, ...tags: string[]): Promise<number>
}

function scripted(redis: Redis): ScriptedRedis {
  const commands = redis as ScriptedRedis & { pcRead?: unknown }
  if (!commands.pcRead) {
    redis.defineCommand('pcRead', { numberOfKeys: 1, lua: READ })
    redis.defineCommand('pcWrite', { numberOfKeys: 4, lua: WRITE })
    redis.defineCommand('pcInvalidate', { numberOfKeys: 1, lua: INVALIDATE })
  }
  return commands
}

/**
 * The shared store. While Redis cannot be reached the cache is simply off for this instance
 * (reads miss, fills are not kept): an in-process copy would miss other instances' invalidations.
 * An invalidation that could not reach Redis is kept and sent first once it answers again, and
 * until then this instance reads nothing from Redis (it might still hold what was to be forgotten).
 */
export class RedisStore implements PublicCacheStore {
  private readonly pending = new Map<string, number>()

  constructor(
    private readonly budgetBytes: number,
    private readonly redis: Redis,
  ) {}

  /** Redis, once every invalidation it missed has been delivered; `unavailable` otherwise. */
  private async attempt<T>(run: (redis: ScriptedRedis) => Promise<T>, unavailable: T): Promise<T> {
    // the shared client is waited for once, at the start of the process
    if (this.redis === getRedis()) await whenRedisFirstReady()
    if (this.redis.status !== 'ready') return unavailable
    try {
      const redis = scripted(this.redis)
      if (this.pending.size) {
        const ttl = Math.max(...this.pending.values())
        const tags = [...this.pending.keys()]
        await redis.pcInvalidate(SEQ, TAG, ttl + TAG_GRACE_SECONDS, ...tags)
        for (const tag of tags) this.pending.delete(tag)
      }
      return await run(redis)
    } catch (err) {
      warnThrottled('cache', 'Redis cache command failed; the public cache is off until it answers', err)
      return unavailable
    }
  }

  read(key: string) {
    return this.attempt<string | null>((redis) => redis.pcRead(ENTRY + key, TAG), null)
  }

  stamp() {
    return this.attempt<Stamp>(
      async (redis) => ({ seq: Number((await redis.get(SEQ)) ?? 0), store: 'redis', at: Date.now() }),
      { seq: 0, store: 'none', at: Date.now() },
    )
  }

  async write(key: string, body: string, tags: string[], stamp: Stamp, ttlSeconds: number) {
    if (stamp.store !== 'redis' || tooOld(stamp) || Buffer.byteLength(body) > this.budgetBytes / 4) return
    await this.attempt(async (redis) => {
      const raw = pack(stamp.seq, tags, body)
      await redis.pcWrite(ENTRY + key, INDEX, BYTES, SIZES, raw, ttlSeconds, Date.now(), this.budgetBytes)
    }, undefined)
  }

  async invalidate(tags: string[], ttlSeconds: number) {
    for (const tag of tags) this.pending.set(tag, Math.max(ttlSeconds, this.pending.get(tag) ?? 0))
    // delivered (with any earlier ones) by the attempt, or kept for the next
    await this.attempt(async () => undefined, undefined)
  }
}

// One in-process store per process, even though Next bundles its own copy of this module next to
// the one src/server.ts loads: both must see the same entries and versions.
const MEMORY_KEY = Symbol.for('smm.publicCache.memory')

let shared: PublicCacheStore | undefined

export function publicCacheStore(budgetBytes: number): PublicCacheStore {
  if (!shared) {
    const holder = globalThis as unknown as Record<symbol, MemoryStore | undefined>
    const memory = (holder[MEMORY_KEY] ??= new MemoryStore(budgetBytes))
    const redis = getRedis()
    shared = redis ? new RedisStore(budgetBytes, redis) : memory
  }
  return shared
}

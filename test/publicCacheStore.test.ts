import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Redis } from 'ioredis'

import { MemoryStore, RedisStore, type PublicCacheStore } from '../src/lib/publicCacheStore'
import { startRedis } from './helpers/redis'

/**
 * The public cache's two stores obey the same rules: tags forget entries, a fill that read
 * before an invalidation is never served after it, entries expire, and a byte budget evicts the
 * oldest. Redis is a real server of the test's own.
 */
let redis: Awaited<ReturnType<typeof startRedis>>
let client: Redis

beforeAll(async () => {
  redis = await startRedis()
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 })
  await client.ping()
})

afterAll(async () => {
  client?.disconnect()
  await redis?.stop()
})

const MB = 1024 * 1024
const stores: Array<[string, (budget: number) => PublicCacheStore]> = [
  ['memory', (budget) => new MemoryStore(budget)],
  ['redis', (budget) => new RedisStore(budget, client)],
]

describe.each(stores)('%s store', (name, make) => {
  beforeAll(async () => {
    await client.flushall()
  })

  it('serves an entry until one of its tags is invalidated, and only that one', async () => {
    const store = make(8 * MB)
    await store.write(`${name}:a`, '{"id":1}', ['template:1'], await store.stamp(), 60)
    await store.write(`${name}:b`, '{"id":2}', ['template:2'], await store.stamp(), 60)
    await store.write(`${name}:list`, '{"docs":[]}', ['catalogue', 'media:7'], await store.stamp(), 60)
    expect(await store.read(`${name}:a`)).toBe('{"id":1}')
    await store.invalidate(['template:1', 'catalogue'], 60)
    expect(await store.read(`${name}:a`)).toBeNull()
    expect(await store.read(`${name}:list`)).toBeNull()
    expect(await store.read(`${name}:b`)).toBe('{"id":2}')
  })

  it('never serves a fill that read before an invalidation', async () => {
    const store = make(8 * MB)
    const stamp = await store.stamp() // the fill starts reading…
    await store.invalidate(['template:9'], 60) // …the template changes and commits…
    await store.write(`${name}:stale`, '{"id":9,"title":"old"}', ['template:9'], stamp, 60) // …the old read lands
    expect(await store.read(`${name}:stale`)).toBeNull()
    // a fill that starts after the invalidation is served
    await store.write(`${name}:stale`, '{"id":9,"title":"new"}', ['template:9'], await store.stamp(), 60)
    expect(await store.read(`${name}:stale`)).toBe('{"id":9,"title":"new"}')
  })

  it('keeps within its byte budget, evicting the oldest entries', async () => {
    const store = make(1 * MB)
    const body = 'x'.repeat(200 * 1024)
    for (let i = 0; i < 10; i++)
      await store.write(`${name}:big${i}`, body, ['catalogue'], await store.stamp(), 60)
    const kept: number[] = []
    for (let i = 0; i < 10; i++) if ((await store.read(`${name}:big${i}`)) !== null) kept.push(i)
    // at most 1 MB of 200 KB entries: the newest ones
    expect(kept.length).toBeLessThanOrEqual(5)
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 10 - kept.length + k))
    if (name === 'redis') expect(Number(await client.get('pc:bytes'))).toBeLessThanOrEqual(MB)
  })

  it('forgets entries once their time is up', async () => {
    const store = make(8 * MB)
    await store.write(`${name}:short`, '{"id":3}', ['template:3'], await store.stamp(), 1)
    expect(await store.read(`${name}:short`)).toBe('{"id":3}')
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    expect(await store.read(`${name}:short`)).toBeNull()
  })
})

describe('redis store when Redis goes away', () => {
  it('is off while Redis is unreachable, and delivers the invalidations it missed before reading again', async () => {
    const own = new Redis(redis.url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
    })
    await own.connect()
    const store = new RedisStore(8 * MB, own)
    await store.write('outage:a', '{"id":5}', ['template:5'], await store.stamp(), 60)
    expect(await store.read('outage:a')).toBe('{"id":5}')
    const ended = new Promise((resolve) => own.once('end', resolve))
    own.disconnect()
    await ended
    // the template changes while this instance cannot reach Redis
    await store.invalidate(['template:5'], 60)
    expect(await store.read('outage:a')).toBeNull()
    expect((await store.stamp()).store).toBe('none')
    await own.connect()
    // back: the missed invalidation goes first, so the old entry is never served again
    expect(await store.read('outage:a')).toBeNull()
    expect(Number(await client.get('pc:t:template:5'))).toBeGreaterThan(0)
    own.disconnect()
  })

  it('does not keep a fill that began reading longer ago than a tag version lives', async () => {
    const store = new RedisStore(8 * MB, client)
    const stamp = { ...(await store.stamp()), at: Date.now() - 61_000 }
    await store.write('slow:a', '{"id":6}', ['template:6'], stamp, 60)
    expect(await store.read('slow:a')).toBeNull()
  })
})

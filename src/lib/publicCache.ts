import * as qs from 'qs-esm'

import { getEnv } from './env'
import { publicCacheStore, type Stamp } from './publicCacheStore'

/**
 * The public read cache: anonymous REST reads of published templates (`/api/books`,
 * `/api/books/:id`). One read layer, src/server.ts, which answers hits before Next.js and lets
 * one request per entry fill a miss (single flight); the REST route stores what that request
 * read. One invalidation path: `invalidatePublicContent(tags)`, after the write's commit, from
 * collections/shared/invalidatePublicContent.ts. What each entry shows decides its tags:
 * - `catalogue`: every list (any template created, edited, published, unpublished or deleted);
 * - `template:<id>`: a template read by id;
 * - `media:<id>`: a public medium a template shows (its cover, when populated).
 * Personal books, pages, private photos, orders and users are in no entry and forget nothing.
 */
export const TAGS = {
  catalogue: 'catalogue',
  template: (id: number | string) => `template:${id}`,
  media: (id: number | string) => `media:${id}`,
}

/** Set by src/server.ts on the one request that fills a missing entry: the entry's key. */
export const FILL_HEADER = 'x-smm-public-cache-fill'

const CACHEABLE_PATH = /^\/api\/books(\/\d{1,10})?$/
// the parameters Payload's find and findByID read; anything else changes nothing in the answer
const KNOWN_PARAMS = new Set([
  'depth',
  'fallbackLocale',
  'joins',
  'limit',
  'locale',
  'page',
  'pagination',
  'populate',
  'select',
  'sort',
  'trash',
  'where',
])

/** What the cache needs of a request; built from a Node IncomingMessage or a Fetch Request. */
export type PublicReadCandidate = {
  method: string
  url: URL
  header: (name: string) => string | null | undefined
}

/**
 * The entry key of an anonymous read of public content, or null when the request is not one:
 * not a GET of the books list or a book, credentials present, a draft asked for, the cache off,
 * or a `data` parameter (refused by the route). The key holds only the parameters Payload reads,
 * parsed as Payload parses them and written in one order, so `?junk=<random>` or a reordered
 * query is the same entry.
 */
export function publicCacheKey(request: PublicReadCandidate): string | null {
  if (request.method !== 'GET' || getEnv().PUBLIC_CACHE_TTL_SECONDS === 0) return null
  if (request.header('authorization')) return null
  const cookie = request.header('cookie')
  if (cookie && /(^|;\s*)payload-token=/.test(cookie)) return null
  const { url } = request
  if (!CACHEABLE_PATH.test(url.pathname) || url.search.length > 2048) return null
  const parsed = qs.parse(url.search, {
    allowEmptyArrays: true,
    arrayLimit: 1000,
    depth: 10,
    ignoreQueryPrefix: true,
  })
  if (Object.keys(parsed).some((name) => name === 'data' || name.startsWith('data['))) return null
  // drafts are never public, and `draft=false` must not key a separate entry
  if (parsed.draft !== undefined && parsed.draft !== 'false') return null
  const known = Object.fromEntries(Object.entries(parsed).filter(([name]) => KNOWN_PARAMS.has(name)))
  const query = qs.stringify(known, { sort: (a: string, b: string) => a.localeCompare(b) })
  return `${url.pathname}?${query}`
}

const store = () => publicCacheStore(getEnv().PUBLIC_CACHE_MAX_BYTES)

export const readPublicCache = (key: string) => store().read(key)

/** Taken before the content is read: an invalidation after it makes the entry a miss. */
export const fillStamp = (): Promise<Stamp> => store().stamp()

type Doc = { id?: unknown; cover?: unknown }

/** The tags of an answer: what it shows (a template or the catalogue, and the covers in it). */
export function tagsOf(body: string): string[] {
  const parsed = JSON.parse(body) as Doc & { docs?: Doc[] }
  const list = Array.isArray(parsed.docs)
  const tags = new Set<string>([list ? TAGS.catalogue : TAGS.template(String(parsed.id))])
  for (const doc of list ? parsed.docs! : [parsed]) {
    // populated, or a bare id (a medium the reader may not see yet: it may become public)
    const cover = doc?.cover
    const id = cover && typeof cover === 'object' ? (cover as Doc).id : cover
    if (typeof id === 'number' || typeof id === 'string') tags.add(TAGS.media(String(id)))
  }
  return [...tags]
}

export async function writePublicCache(key: string, body: string, stamp: Stamp): Promise<void> {
  await store().write(key, body, tagsOf(body), stamp, getEnv().PUBLIC_CACHE_TTL_SECONDS)
}

/** Every entry that shows one of `tags` is forgotten, in every instance. Call after commit. */
export async function invalidatePublicContent(tags: string[]): Promise<void> {
  if (tags.length) await store().invalidate(tags, getEnv().PUBLIC_CACHE_TTL_SECONDS)
}

/** Counted by the read layer, per process: what answered the cacheable reads. */
export type PublicCacheStats = { hits: number; misses: number; coalesced: number }
const STATS_KEY = Symbol.for('smm.publicCache.stats')

export function publicCacheStats(): PublicCacheStats {
  const holder = globalThis as unknown as Record<symbol, PublicCacheStats | undefined>
  return (holder[STATS_KEY] ??= { hits: 0, misses: 0, coalesced: 0 })
}

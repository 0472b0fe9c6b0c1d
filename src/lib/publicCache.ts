import { getCache } from './cache'
import { getEnv } from './env'

/**
 * A shared cache of anonymous REST reads of public content (published templates). Keys carry a
 * generation number; every change to a book or medium bumps it (in the hook and again after the
 * commit), so an edited or unpublished template is never served from the cache afterwards.
 */
const GENERATION_KEY = 'pc:gen'
const CACHEABLE_PATH = /^\/api\/books(\/\d+)?$/

/** Only 200 JSON responses are cached, so the entry is the body itself (no re-encoding on a hit). */
export type CachedResponse = { body: string }

/** What the cache needs of a request; built from a Fetch Request or a Node IncomingMessage. */
export type PublicReadCandidate = { method: string; url: URL; header: (name: string) => string | null | undefined }

export const fromFetchRequest = (request: Request): PublicReadCandidate => ({
  method: request.method,
  url: new URL(request.url),
  header: (name) => request.headers.get(name),
})

export function isCacheablePublicRead(request: PublicReadCandidate): boolean {
  if (request.method !== 'GET') return false
  if (getEnv().PUBLIC_CACHE_TTL_SECONDS === 0) return false
  if (request.header('authorization')) return false
  const cookie = request.header('cookie')
  if (cookie && /(^|;\s*)payload-token=/.test(cookie)) return false
  const { url } = request
  if (!CACHEABLE_PATH.test(url.pathname)) return false
  // drafts are never public, and the draft flag must not key a separate cache entry
  if (url.searchParams.get('draft') === 'true') return false
  return url.search.length <= 2048
}

async function keyFor(url: URL): Promise<string> {
  const generation = await getCache().getCounter(GENERATION_KEY)
  return `pc:${generation}:${url.pathname}?${url.searchParams.toString()}`
}

export async function readPublicCache(request: PublicReadCandidate): Promise<{ key: string; hit: CachedResponse | null }> {
  const key = await keyFor(request.url)
  const raw = await getCache().get(key)
  return { key, hit: raw === null ? null : { body: raw } }
}

export async function writePublicCache(key: string, response: CachedResponse): Promise<void> {
  await getCache().set(key, response.body, getEnv().PUBLIC_CACHE_TTL_SECONDS)
}

export async function invalidatePublicCache(): Promise<void> {
  await getCache().incr(GENERATION_KEY)
}

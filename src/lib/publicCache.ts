import { getCache } from './cache'
import { getEnv } from './env'

/**
 * A shared cache of anonymous REST reads of public content (published templates). Keys carry a
 * generation number; every change to a book or medium bumps it (in the hook and again after the
 * commit), so an edited or unpublished template is never served from the cache afterwards.
 */
const GENERATION_KEY = 'pc:gen'
const CACHEABLE_PATH = /^\/api\/books(\/\d+)?$/

export type CachedResponse = { status: number; contentType: string; body: string }

export function isCacheablePublicRead(request: Request): boolean {
  if (request.method !== 'GET') return false
  if (getEnv().PUBLIC_CACHE_TTL_SECONDS === 0) return false
  if (request.headers.get('authorization')) return false
  const cookie = request.headers.get('cookie')
  if (cookie && /(^|;\s*)payload-token=/.test(cookie)) return false
  const url = new URL(request.url)
  if (!CACHEABLE_PATH.test(url.pathname)) return false
  // drafts are never public, and the draft flag must not key a separate cache entry
  if (url.searchParams.get('draft') === 'true') return false
  return url.search.length <= 2048
}

async function keyFor(request: Request): Promise<string> {
  const url = new URL(request.url)
  const generation = await getCache().getCounter(GENERATION_KEY)
  return `pc:${generation}:${url.pathname}?${url.searchParams.toString()}`
}

export async function readPublicCache(request: Request): Promise<{ key: string; hit: CachedResponse | null }> {
  const key = await keyFor(request)
  const raw = await getCache().get(key)
  return { key, hit: raw ? (JSON.parse(raw) as CachedResponse) : null }
}

export async function writePublicCache(key: string, response: CachedResponse): Promise<void> {
  await getCache().set(key, JSON.stringify(response), getEnv().PUBLIC_CACHE_TTL_SECONDS)
}

export async function invalidatePublicCache(): Promise<void> {
  await getCache().incr(GENERATION_KEY)
}

import { fillStamp, FILL_HEADER, writePublicCache } from '../publicCache'

type RouteHandler<A> = (request: Request, args: A) => Promise<Response>

function withoutCredentials(headers: Headers): Headers {
  const copy = new Headers(headers)
  copy.delete('cookie')
  copy.delete('authorization')
  copy.delete(FILL_HEADER)
  return copy
}

/**
 * Fills the public read cache (src/lib/publicCache.ts). src/server.ts is the only reader: it
 * answered the hit already, and marks the one request that fills a missing entry with the
 * entry's key (FILL_HEADER; a client's own value is removed). That request is answered as
 * anonymous (credentials are dropped, so a signed-in view is never stored) and a 200 JSON answer
 * is stored under the stamp taken before Payload read it.
 */
export function withPublicCache<A>(handler: RouteHandler<A>): RouteHandler<A> {
  return async (request, args) => {
    const key = request.headers.get(FILL_HEADER)
    if (!key) return handler(request, args)
    const stamp = await fillStamp()
    const anonymous = new Request(request.url, {
      method: 'GET',
      headers: withoutCredentials(request.headers),
    })
    const response = await handler(anonymous, args)
    const contentType = response.headers.get('content-type') ?? ''
    if (
      response.status !== 200 ||
      !contentType.includes('application/json') ||
      response.headers.has('set-cookie')
    ) {
      return response
    }
    const body = await response.text()
    await writePublicCache(key, body, stamp)
    const headers = new Headers(response.headers)
    headers.set('x-cache', 'MISS')
    return new Response(body, { status: 200, headers })
  }
}

import { fromFetchRequest, isCacheablePublicRead, readPublicCache, writePublicCache } from '../publicCache'

type RouteHandler<A> = (request: Request, args: A) => Promise<Response>

function withoutCredentials(headers: Headers): Headers {
  const copy = new Headers(headers)
  copy.delete('cookie')
  copy.delete('authorization')
  return copy
}

/**
 * Serves anonymous reads of public content from the shared cache; on a miss it runs Payload's
 * handler and stores 200 JSON responses. Signed-in reads always go to Payload.
 */
export function withPublicCache<A>(handler: RouteHandler<A>): RouteHandler<A> {
  return async (request, args) => {
    const candidate = fromFetchRequest(request)
    if (!isCacheablePublicRead(candidate)) return handler(request, args)
    const { key, hit } = await readPublicCache(candidate)
    if (hit) {
      return new Response(hit.body, {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-cache': 'HIT' },
      })
    }
    // judged anonymous, so answered as anonymous: whatever credentials a malformed cookie or
    // header might still carry never reach Payload, and a signed-in view is never cached
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
    await writePublicCache(key, { body })
    const headers = new Headers(response.headers)
    headers.set('x-cache', 'MISS')
    return new Response(body, { status: 200, headers })
  }
}

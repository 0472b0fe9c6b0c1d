import { invalidatePublicCache } from '../publicCache'

type RouteHandler<A> = (request: Request, args: A) => Promise<Response>

/**
 * After any successful write through REST (its transaction has committed by the time Payload
 * answers) the public read cache is invalidated once more, closing the window between the
 * collection hook's invalidation and the commit.
 */
export function afterMutation<A>(handler: RouteHandler<A>): RouteHandler<A> {
  return async (request, args) => {
    const response = await handler(request, args)
    if (response.status < 400 && /^\/api\/(books|media)(\/|$)/.test(new URL(request.url).pathname)) {
      await invalidatePublicCache()
    }
    return response
  }
}

import type { Endpoint } from 'payload'

import { bookForCaller, routeId } from '../utilities/access'
import type { AiPagesContext } from '../utilities/context'
import { generationState } from '../utilities/generationState'

/** GET /api/books/:id/generation: status, pages done/total, each page's state, usage. */
export const bookGenerationEndpoint = (context: AiPagesContext): Endpoint => ({
  path: '/:id/generation',
  method: 'get',
  handler: async (req) => {
    const book = await bookForCaller(req, context, routeId(req))
    return Response.json(await generationState(req.payload, context, book), {
      headers: { 'cache-control': 'no-store' },
    })
  },
})

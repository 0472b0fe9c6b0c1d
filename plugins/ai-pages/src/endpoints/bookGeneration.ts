import type { Endpoint } from 'payload'

import { bookForCaller, routeId } from '../utilities/access'
import type { AiPagesContext } from '../utilities/context'
import { generationState } from '../utilities/generationState'
import { finishBookIfJobsLost } from '../utilities/lostPages'

/**
 * GET /api/books/:id/generation: status, pages done/total, each page's state, usage. A book left
 * generating by lost jobs is finished here (at most every 30 s), so a reader is never stuck.
 */
export const bookGenerationEndpoint = (context: AiPagesContext): Endpoint => ({
  path: '/:id/generation',
  method: 'get',
  handler: async (req) => {
    let book = await bookForCaller(req, context, routeId(req))
    if (book.status === 'generating' && (await finishBookIfJobsLost(req, context, book.id))) {
      book = { ...book, status: 'ready' }
    }
    return Response.json(await generationState(req.payload, context, book), {
      headers: { 'cache-control': 'no-store' },
    })
  },
})

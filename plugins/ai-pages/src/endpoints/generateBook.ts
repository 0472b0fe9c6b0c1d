import type { Endpoint } from 'payload'

import { bookForCaller, routeId } from '../utilities/access'
import type { AiPagesContext } from '../utilities/context'
import { Conflict } from '../utilities/errors'
import { generationState } from '../utilities/generationState'
import { queueUnwrittenPages } from '../utilities/pageStore'
import { startGeneration } from '../utilities/startGeneration'

/**
 * POST /api/books/:id/generate: queues a job for every page still to write (pending, or failed
 * before) and answers 202 with the book's generation state. 404 unless the caller owns the book
 * or is staff; 409 while it is generating, when it is frozen by an order, or when nothing is left
 * to write.
 */
export const generateBookEndpoint = (context: AiPagesContext): Endpoint => ({
  path: '/:id/generate',
  method: 'post',
  handler: async (req) => {
    const book = await bookForCaller(req, context, routeId(req))
    if (await context.isBookFrozen(book, req)) {
      throw new Conflict('This book has been ordered, so its pages are final: order a copy to change it.')
    }
    await context.rateLimit?.(req)
    await startGeneration(req, context, book, () => queueUnwrittenPages(req, context.slugs, book.id), {
      nothingToDo: 'Every page of this book is written: regenerate a page to change it.',
    })
    return Response.json(await generationState(req.payload, context, { id: book.id, status: 'generating' }), {
      status: 202,
    })
  },
})

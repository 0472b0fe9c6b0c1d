import type { Endpoint } from 'payload'

import { routeId } from '../utilities/access'
import type { AiPagesContext } from '../utilities/context'
import { NotFound, Unauthorized } from '../utilities/errors'
import { generationState } from '../utilities/generationState'
import { queueUnwrittenPages } from '../utilities/pageStore'
import { startGeneration } from '../utilities/startGeneration'

/**
 * POST /api/books/:id/try (staff): writes a throw-away book from the template's latest draft
 * with sample answers, so an editor reads the pages before publishing. The caller's earlier
 * try-out books go first. 202 with the new book's generation state (`book` is its id).
 */
export const tryTemplateEndpoint = (context: AiPagesContext): Endpoint => ({
  path: '/:id/try',
  method: 'post',
  handler: async (req) => {
    if (!req.user) throw new Unauthorized('Sign in to try a template.')
    const id = routeId(req)
    if (id === undefined || !context.isStaff(req) || !context.createTrialBook) throw new NotFound()
    const book = await context.createTrialBook(req, id)
    // the caller's earlier try-outs go once this one exists (a bad id deletes nothing)
    await req.payload.delete({
      collection: context.slugs.books as 'books',
      where: {
        and: [
          { generationTrial: { equals: true } },
          { owner: { equals: req.user.id } },
          { id: { not_equals: book.id } },
        ],
      },
      overrideAccess: true,
      req,
    })
    await startGeneration(req, context, book, () => queueUnwrittenPages(req, context.slugs, book.id), {
      nothingToDo: 'This template has no pages for the writer: add blueprints with a prompt.',
    })
    return Response.json(await generationState(req.payload, context, { id: book.id, status: 'generating' }), {
      status: 202,
    })
  },
})

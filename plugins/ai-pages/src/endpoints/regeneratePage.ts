import type { Endpoint } from 'payload'
import { z } from 'zod'

import { bookForCaller, routeId } from '../utilities/access'
import type { AiPagesContext } from '../utilities/context'
import { BadRequest, Conflict, NotFound, PaymentRequired, Unauthorized } from '../utilities/errors'
import { generationState } from '../utilities/generationState'
import { queuePageAgain, readGeneration } from '../utilities/pageStore'
import { startGeneration } from '../utilities/startGeneration'

export const INSTRUCTIONS_MAX_LENGTH = 400

const bodySchema = z
  .object({ instructions: z.string().trim().max(INSTRUCTIONS_MAX_LENGTH).optional() })
  .strict()

async function readBody(req: Parameters<Endpoint['handler']>[0]) {
  const text = req.text ? await req.text() : ''
  let json: unknown = {}
  if (text.trim()) {
    try {
      json = JSON.parse(text)
    } catch {
      throw new BadRequest('The body is not valid JSON.')
    }
  }
  const parsed = bodySchema.safeParse(json ?? {})
  if (!parsed.success) {
    throw new BadRequest('The request is not valid.', {
      errors: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || 'body',
        message:
          issue.path[0] === 'instructions' && issue.code === 'too_big'
            ? `Keep the instructions under ${INSTRUCTIONS_MAX_LENGTH} characters.`
            : issue.message,
      })),
    })
  }
  return parsed.data
}

/**
 * POST /api/pages/:id/regenerate {instructions?}: writes one page again, with an optional hint,
 * and answers 202 with the book's generation state. 404 unless the caller owns the page's book
 * or is staff; 409 for a locked page, while the book is generating or once it is ordered; 402
 * past the book's regeneration budget.
 */
export const regeneratePageEndpoint = (context: AiPagesContext): Endpoint => ({
  path: '/:id/regenerate',
  method: 'post',
  handler: async (req) => {
    if (!req.user) throw new Unauthorized('Sign in to write your book.')
    const id = routeId(req)
    const page =
      id === undefined
        ? null
        : ((await req.payload
            .findByID({
              collection: context.slugs.pages as 'pages',
              id,
              depth: 0,
              overrideAccess: true,
              req,
              disableErrors: true,
            })
            .catch(() => null)) as (Record<string, unknown> & { id: number }) | null)
    if (!page) throw new NotFound()
    const bookRef = page.book as number | { id: number }
    const book = await bookForCaller(req, context, typeof bookRef === 'object' ? bookRef.id : bookRef)
    const { instructions } = await readBody(req)
    if (page.locked)
      throw new Conflict('This page has fixed text from the template and is not written by the AI.')
    if (await context.isBookFrozen(book, req)) {
      throw new Conflict('This book has been ordered, so its pages are final: order a copy to change it.')
    }
    await context.rateLimit?.(req)
    await startGeneration(
      req,
      context,
      book,
      async () => {
        // counted under the book's lock: two regenerations at once cannot both take the last one
        const { totals } = await readGeneration(req.payload, context.slugs, book.id, req)
        if (totals.regenerations >= context.regenerationBudget) {
          throw new PaymentRequired(
            `This book has used all ${context.regenerationBudget} of its page regenerations. Edit the text by hand, or contact us for more.`,
            { budget: context.regenerationBudget, used: totals.regenerations },
          )
        }
        const queued = await queuePageAgain(req, context.slugs, page.id)
        return queued ? [queued] : []
      },
      { instructions, nothingToDo: 'This page is being written right now: wait for it to finish.' },
    )
    return Response.json(await generationState(req.payload, context, { id: book.id, status: 'generating' }), {
      status: 202,
    })
  },
})

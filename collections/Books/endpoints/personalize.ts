import { NotFound, ValidationError, type Endpoint, type PayloadRequest } from 'payload'
import { z } from 'zod'

import { isStaff } from '@/access/roles'
import { validateAnswers, type Question } from '@/lib/answers'
import { Unauthorized } from '@/lib/http/errors'
import { readJsonBody } from '@/lib/http/readJsonBody'
import { assertUsablePhotos } from '@/lib/photos'
import { enforceLimits, requestIp } from '@/lib/requestLimits'
import type { Book } from '@/payload-types'
import { createBookFromTemplate } from './createBookFromTemplate'

const bodySchema = z.object({
  template: z.union([z.number().int().positive(), z.string().trim().min(1).max(120)]),
  answers: z.record(z.string(), z.unknown()).default({}),
  title: z.string().trim().min(1).max(160).optional(),
})

async function findPublishedTemplate(req: PayloadRequest, ref: number | string): Promise<Book> {
  const byId = typeof ref === 'number' || /^\d+$/.test(ref)
  const { docs } = await req.payload.find({
    collection: 'books',
    where: {
      and: [
        byId ? { id: { equals: Number(ref) } } : { slug: { equals: ref } },
        { kind: { equals: 'template' } },
        { _status: { equals: 'published' } },
      ],
    },
    limit: 1,
    depth: 0,
    draft: false,
    overrideAccess: true,
    pagination: false,
    req,
  })
  if (!docs[0]) throw new NotFound(req.t)
  return docs[0]
}

/**
 * POST /api/books/personalize {template, answers, title?}: creates a personal book owned by the
 * caller and one page per blueprint, in one transaction. 400 names every bad answer; 404 for an
 * unknown or unpublished template; 429 past the personalisation limits (per user and per IP).
 */
export const personalizeEndpoint: Endpoint = {
  path: '/personalize',
  method: 'post',
  handler: async (req) => {
    if (!req.user) throw new Unauthorized('Sign in to personalise a book.')
    if (!isStaff(req.user)) {
      await enforceLimits(
        req,
        [
          { limit: 'personalizePerUser', key: String(req.user.id) },
          { limit: 'personalizePerIp', key: requestIp(req) },
        ],
        'Too many books started in a short time.',
      )
    }
    const parsed = bodySchema.safeParse(await readJsonBody(req))
    if (!parsed.success) {
      throw new ValidationError({
        collection: 'books',
        errors: parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || 'body',
          message: issue.message,
        })),
      })
    }
    const { template: templateRef, title } = parsed.data
    const template = await findPublishedTemplate(req, templateRef)
    const { answers, photoIds, errors } = validateAnswers(
      (template.questions ?? []) as Question[],
      parsed.data.answers,
    )
    if (errors.length) throw new ValidationError({ collection: 'books', errors })
    await assertUsablePhotos(req, photoIds, 'answers')

    const { book, pagesCreated } = await createBookFromTemplate(req, template, {
      answers,
      title: title ?? template.title,
      owner: req.user.id,
    })
    return Response.json({ doc: book, pagesCreated }, { status: 201 })
  },
}

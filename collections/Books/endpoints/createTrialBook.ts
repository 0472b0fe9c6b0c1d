import { NotFound, type PayloadRequest } from 'payload'

import { sampleAnswers, type Question } from '@/lib/answers'
import type { Book } from '@/payload-types'
import { createBookFromTemplate } from './createBookFromTemplate'

/**
 * For "Try with sample answers" (ai-pages, staff only): a throw-away personal book made from the
 * template's latest draft, published or not, owned by the staff member, with made-up answers.
 */
export async function createTrialBook(req: PayloadRequest, templateId: number) {
  const template = (await req.payload
    .findByID({
      collection: 'books',
      id: templateId,
      draft: true,
      depth: 0,
      overrideAccess: true,
      req,
      disableErrors: true,
    })
    .catch(() => null)) as Book | null
  if (!template || template.kind !== 'template' || !req.user) throw new NotFound(req.t)
  const { book } = await createBookFromTemplate(req, template, {
    answers: sampleAnswers((template.questions ?? []) as Question[]),
    title: `Try-out: ${template.title}`,
    owner: req.user.id,
    trial: true,
  })
  return book
}

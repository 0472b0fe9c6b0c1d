import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'

import type { Answers } from '@/lib/answers'
import { plainTextToLexical } from '@/lib/lexical'
import type { Book, Page } from '@/payload-types'

/**
 * A personal book owned by `owner` and one page per blueprint of `template`, in one transaction
 * (the request's when it has one): fixed text makes a locked page that is never generated, a
 * photo question's answer fills the page's photo. Answers are checked by the caller.
 */
export async function createBookFromTemplate(
  req: PayloadRequest,
  template: Book,
  options: { answers: Answers; title: string; owner: number; trial?: boolean },
) {
  const ownsTransaction = await initTransaction(req)
  try {
    const book = await req.payload.create({
      collection: 'books',
      data: {
        kind: 'personal',
        title: options.title,
        template: template.id,
        owner: options.owner,
        answers: options.answers,
        status: 'draft',
        generationTrial: Boolean(options.trial),
        // versions exist for templates; a personal book is always its own current version
        _status: 'published',
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
    const blueprints = template.blueprints ?? []
    for (const [position, blueprint] of blueprints.entries()) {
      const photoAnswer = blueprint.photoQuestion ? options.answers[blueprint.photoQuestion] : undefined
      await req.payload.create({
        collection: 'pages',
        data: {
          book: book.id,
          owner: options.owner,
          position,
          title: blueprint.title,
          layout: blueprint.layout,
          prompt: blueprint.prompt ?? null,
          imagePrompt: blueprint.imagePrompt ?? null,
          locked: Boolean(blueprint.fixedText),
          body: blueprint.fixedText ? (plainTextToLexical(blueprint.fixedText) as Page['body']) : null,
          photo: typeof photoAnswer === 'number' ? photoAnswer : null,
          generation: { status: blueprint.fixedText ? 'skipped' : 'pending', attempts: 0 },
        },
        depth: 0,
        overrideAccess: true,
        req,
      })
    }
    if (ownsTransaction) await commitTransaction(req)
    return { book, pagesCreated: blueprints.length }
  } catch (err) {
    if (ownsTransaction) await killTransaction(req)
    throw err
  }
}

import { ValidationError, type CollectionBeforeChangeHook } from 'payload'

import { assertUsablePhotos } from '@/lib/photos'
import { validateAnswers, type Question } from '@/lib/answers'
import type { Book } from '@/payload-types'

/** A personal book's answers stay valid for its template on every update. */
export const validateAnswersOnChange: CollectionBeforeChangeHook<Book> = async ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  if (operation !== 'update' || originalDoc?.kind !== 'personal' || data.answers === undefined) return data
  // data carries the whole document on update: validate only when the answers really change
  if (JSON.stringify(data.answers) === JSON.stringify(originalDoc.answers)) return data
  const templateId =
    typeof originalDoc.template === 'object' ? originalDoc.template?.id : originalDoc.template
  if (!templateId) return data
  const template = await req.payload.findByID({
    collection: 'books',
    id: templateId,
    depth: 0,
    draft: false,
    overrideAccess: true,
    req,
  })
  const { answers, photoIds, errors } = validateAnswers(
    (template.questions ?? []) as Question[],
    data.answers,
  )
  if (errors.length) throw new ValidationError({ collection: 'books', errors })
  await assertUsablePhotos(req, photoIds, 'answers')
  data.answers = answers
  return data
}

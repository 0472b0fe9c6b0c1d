import { ValidationError, type CollectionBeforeValidateHook } from 'payload'

import type { FieldError } from '@/lib/answers'
import type { Book } from '@/payload-types'

export const slugify = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)

/**
 * Templates get a slug from their title when none is given, and their questions and blueprints
 * must agree: unique question keys, choice questions with options, photo blueprints pointing at
 * photo questions.
 */
export const prepareTemplate: CollectionBeforeValidateHook<Book> = ({ data, originalDoc, operation }) => {
  if (!data) return data
  const kind = data.kind ?? originalDoc?.kind ?? 'template'
  if (kind !== 'template') return data
  if (!data.slug && !originalDoc?.slug && data.title) data.slug = slugify(data.title)
  if (typeof data.slug === 'string') data.slug = slugify(data.slug)

  const errors: FieldError[] = []
  const questions = data.questions ?? (operation === 'update' ? originalDoc?.questions : undefined) ?? []
  const seen = new Set<string>()
  questions.forEach((question, index) => {
    if (!question?.key) return
    if (seen.has(question.key)) {
      errors.push({
        path: `questions.${index}.key`,
        message: `Question key "${question.key}" is used twice.`,
      })
    }
    seen.add(question.key)
    if (question.type === 'choice' && !question.options?.length) {
      errors.push({
        path: `questions.${index}.options`,
        message: 'A choice question needs at least one option.',
      })
    }
  })
  const photoKeys = new Set(questions.filter((q) => q?.type === 'photo').map((q) => q.key))
  const blueprints = data.blueprints ?? (operation === 'update' ? originalDoc?.blueprints : undefined) ?? []
  blueprints.forEach((blueprint, index) => {
    if (blueprint?.photoQuestion && !photoKeys.has(blueprint.photoQuestion)) {
      errors.push({
        path: `blueprints.${index}.photoQuestion`,
        message: `"${blueprint.photoQuestion}" is not a photo question of this template.`,
      })
    }
  })
  if (errors.length) throw new ValidationError({ collection: 'books', errors })
  return data
}

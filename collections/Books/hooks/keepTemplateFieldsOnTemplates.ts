import { ValidationError, type CollectionBeforeValidateHook } from 'payload'

import type { Book } from '@/payload-types'

/** The fields only a template has (the admin shows them on templates only). */
export const TEMPLATE_ONLY_FIELDS = [
  'slug',
  'description',
  'occasion',
  'cover',
  'prices',
  'questions',
  'blueprints',
] as const

const canonical = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : (inner ?? null),
  )

/**
 * A personal book takes its description, cover, prices, questions and pages from its template:
 * an update that changes one of those fields is a 400 naming it. (Payload validates only the
 * fields `admin.condition` shows, so a personal book would otherwise store a 5 MB description
 * or fail in the database on an unknown occasion.)
 */
export const keepTemplateFieldsOnTemplates: CollectionBeforeValidateHook<Book> = ({
  data,
  operation,
  originalDoc,
}) => {
  if (!data || operation !== 'update' || originalDoc?.kind !== 'personal') return data
  const errors = TEMPLATE_ONLY_FIELDS.filter(
    (field) => data[field] !== undefined && canonical(data[field]) !== canonical(originalDoc[field]),
  ).map((field) => ({
    path: field,
    message: `"${field}" belongs to templates: a personal book cannot set it.`,
  }))
  if (errors.length) throw new ValidationError({ collection: 'books', errors })
  return data
}

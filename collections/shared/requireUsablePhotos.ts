import { ValidationError, type CollectionBeforeValidateHook } from 'payload'

import { isStaff } from '@/access/roles'
import { parseMediaId } from '@/lib/documentId'
import { assertUsablePhotos } from '@/lib/photos'

const idOf = (value: unknown): number | null => {
  const id = parseMediaId(value)
  return id === false ? null : id
}

/**
 * Media relations (a book's cover, a page's photo) take one id, in any form Payload accepts
 * (`5`, `"5"`, `{id: "5"}`): it is normalised to a number here, before Payload validates or
 * skips the field (it skips fields that `admin.condition` hides), and anything else is a 400.
 * Payload does not check that the user may read the medium: a customer could otherwise put
 * another customer's private photo on their own page, where a renderer running with
 * overrideAccess would show it. Staff and system code are not limited.
 */
export const requireUsablePhotos =
  (collection: 'books' | 'pages', fields: string[]): CollectionBeforeValidateHook =>
  async ({ data, originalDoc, req }) => {
    if (!data) return data
    const given = data as Record<string, unknown>
    const errors: Array<{ path: string; message: string }> = []
    const changed: Array<{ field: string; id: number }> = []
    for (const field of fields) {
      if (given[field] === undefined) continue
      const id = parseMediaId(given[field])
      if (id === false) {
        errors.push({ path: field, message: 'Must be the id of one uploaded image (a number).' })
        continue
      }
      given[field] = id
      if (id !== null && id !== idOf(originalDoc?.[field])) changed.push({ field, id })
    }
    if (errors.length) throw new ValidationError({ collection, errors })
    if (!req.user || isStaff(req.user)) return data
    for (const { field, id } of changed) await assertUsablePhotos(req, [id], field, collection)
    return data
  }

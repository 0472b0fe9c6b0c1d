import type { CollectionBeforeChangeHook } from 'payload'

import { isStaff } from '@/access/roles'
import { assertUsablePhotos } from '@/lib/photos'

const idOf = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'number') return value.id
  return undefined
}

/**
 * Upload fields accept any media id, and Payload does not check that the user may read it: a
 * customer could otherwise put another customer's private photo on their own page, where a
 * renderer running with overrideAccess would show it. Staff and system code are not limited.
 */
export const requireUsablePhotos =
  (collection: 'books' | 'pages', fields: string[]): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    if (!req.user || isStaff(req.user)) return data
    const changed = fields
      .map((field) => ({ field, id: idOf(data[field]) }))
      .filter(({ field, id }) => id !== undefined && id !== idOf(originalDoc?.[field]))
    for (const { field, id } of changed) await assertUsablePhotos(req, [id!], field, collection)
    return data
  }

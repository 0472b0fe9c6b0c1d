import type { CollectionBeforeChangeHook } from 'payload'

import { Conflict } from '@/lib/http/errors'
import type { Page } from '@/payload-types'

const ORDERED = 'This book has been ordered, so its pages are final: make a copy of the book to change it.'

const idOf = (value: unknown) => (value && typeof value === 'object' ? (value as { id: unknown }).id : value)

/**
 * An ordered book's content is what will be printed: its pages' text, title and photo stay as
 * they were (stripe-checkout sets the book's `orderFrozen`; a copy is editable).
 */
export const refuseEditsToOrderedPages: CollectionBeforeChangeHook<Page> = async ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  if (operation !== 'update' || !originalDoc) return data
  const changed =
    (data.body !== undefined && JSON.stringify(data.body) !== JSON.stringify(originalDoc.body)) ||
    (data.title !== undefined && data.title !== originalDoc.title) ||
    (data.photo !== undefined && idOf(data.photo) !== idOf(originalDoc.photo))
  if (!changed) return data
  const book = await req.payload.findByID({
    collection: 'books',
    id: idOf(originalDoc.book) as number,
    depth: 0,
    overrideAccess: true,
    select: { orderFrozen: true },
    req,
  })
  if (book?.orderFrozen) throw new Conflict(ORDERED)
  return data
}

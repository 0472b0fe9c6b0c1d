import type { CollectionBeforeDeleteHook } from 'payload'

import { Conflict } from '@/lib/http/errors'

/**
 * Deleting a book takes its pages with it, in the same transaction (a page cannot exist without
 * its book). A book that has been ordered stays: its order items point at it, and the order
 * must still say what was bought.
 */
export const deletePagesWithBook: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const { totalDocs: orders } = await req.payload.count({
    collection: 'orders',
    where: { 'items.book': { equals: id } },
    overrideAccess: true,
    req,
  })
  if (orders > 0) {
    throw new Conflict(
      `This book has been ordered (${orders === 1 ? 'one order' : `${orders} orders`}) and cannot be deleted.`,
    )
  }
  await req.payload.delete({ collection: 'pages', where: { book: { equals: id } }, overrideAccess: true, req })
}

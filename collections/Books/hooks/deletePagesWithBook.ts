import { sql } from '@payloadcms/db-postgres'
import { APIError, type CollectionBeforeDeleteHook } from 'payload'

import { transactionSession } from '@memory-maker/payload-jobs'
import { Conflict } from '@/lib/http/errors'

/**
 * Deleting a book takes its pages with it, in the same transaction (a page cannot exist without
 * its book). A book that has been ordered stays: its order items point at it, and the order
 * must still say what was bought. The book's row is locked first, so an order placed at the
 * same moment (which locks it too) either comes first and is seen, or waits for the delete.
 */
export const deletePagesWithBook: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const session = await transactionSession(req)
  await session?.db.execute(sql`select id from books where id = ${Number(id)} for update`)
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
  const { errors } = await req.payload.delete({
    collection: 'pages',
    where: { book: { equals: id } },
    overrideAccess: true,
    req,
  })
  if (errors.length) throw new APIError(`Could not delete the book's pages: ${errors[0].message}`, 500)
}

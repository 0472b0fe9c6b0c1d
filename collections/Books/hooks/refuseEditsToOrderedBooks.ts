import type { CollectionBeforeChangeHook } from 'payload'

import { Conflict } from '@/lib/http/errors'
import type { Book } from '@/payload-types'

/**
 * An ordered book's title and answers are final (what will be printed); its status and freeze
 * still move (system code). A copy of the book is editable.
 */
export const refuseEditsToOrderedBooks: CollectionBeforeChangeHook<Book> = ({
  data,
  originalDoc,
  operation,
}) => {
  if (operation !== 'update' || !originalDoc?.orderFrozen || data.orderFrozen === false) return data
  const changed =
    (data.title !== undefined && data.title !== originalDoc.title) ||
    (data.answers !== undefined && JSON.stringify(data.answers) !== JSON.stringify(originalDoc.answers))
  if (changed)
    throw new Conflict('This book has been ordered, so it is final: make a copy of it to change it.')
  return data
}

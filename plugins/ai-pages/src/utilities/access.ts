import type { PayloadRequest } from 'payload'

import type { AiPagesContext } from './context'
import { NotFound, Unauthorized } from './errors'

type Book = Record<string, unknown> & { id: number | string }

const idOf = (value: unknown) =>
  value && typeof value === 'object' && 'id' in value ? (value as { id: unknown }).id : value

/** A positive integer id from the route, else undefined (answered 404, as any unknown id). */
export function routeId(req: PayloadRequest): number | undefined {
  const raw = String(req.routeParams?.id ?? '')
  return /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2_147_483_647 ? Number(raw) : undefined
}

/**
 * The personal book `id` if the caller may generate it: its owner or staff. Anyone else gets the
 * same 404 as for a book that does not exist.
 */
export async function bookForCaller(
  req: PayloadRequest,
  context: AiPagesContext,
  id: number | undefined,
): Promise<Book> {
  if (!req.user) throw new Unauthorized('Sign in to write your book.')
  if (id === undefined) throw new NotFound()
  const book = (await req.payload
    .findByID({
      collection: context.slugs.books as 'books',
      id,
      depth: 0,
      overrideAccess: true,
      req,
      disableErrors: true,
    })
    .catch(() => null)) as Book | null
  if (!book || !context.isPersonalBook(book)) throw new NotFound()
  const mine = String(idOf(book.owner)) === String(req.user.id)
  if (!mine && !context.isStaff(req)) throw new NotFound()
  return book
}

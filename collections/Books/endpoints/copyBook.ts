import { commitTransaction, initTransaction, killTransaction, NotFound, type Endpoint } from 'payload'

import { isStaff } from '@/access/roles'
import { documentIdFrom } from '@/lib/documentId'
import { Unauthorized } from '@/lib/http/errors'
import type { Book, Page } from '@/payload-types'

const idOf = (value: unknown) =>
  value && typeof value === 'object' ? (value as { id: number }).id : (value as number)

/**
 * POST /api/books/:id/copy: a new personal book with the same answers and pages (text, photos,
 * generation state), owned by the caller, not ordered, so it can be edited after an order.
 * 404 unless the book is the caller's (or the caller is staff). 201 {doc}.
 */
export const copyBookEndpoint: Endpoint = {
  path: '/:id/copy',
  method: 'post',
  handler: async (req) => {
    if (!req.user) throw new Unauthorized('Sign in to copy a book.')
    const id = documentIdFrom(req.routeParams?.id)
    const book = id
      ? ((await req.payload
          .findByID({ collection: 'books', id, depth: 0, overrideAccess: true, req, disableErrors: true })
          .catch(() => null)) as Book | null)
      : null
    if (!book || book.kind !== 'personal' || (idOf(book.owner) !== req.user.id && !isStaff(req.user))) {
      throw new NotFound(req.t)
    }
    const ownTransaction = await initTransaction(req)
    try {
      const copy = await req.payload.create({
        collection: 'books',
        data: {
          kind: 'personal',
          title: `${book.title} (copy)`.slice(0, 160),
          template: idOf(book.template),
          owner: idOf(book.owner),
          answers: book.answers,
          // a copy of a book still being written is a draft: generate writes what is missing
          status: book.status === 'ready' ? 'ready' : 'draft',
          _status: 'published',
        },
        depth: 0,
        overrideAccess: true,
        req,
      })
      const { docs: pages } = await req.payload.find({
        collection: 'pages',
        where: { book: { equals: book.id } },
        sort: 'position',
        pagination: false,
        depth: 0,
        overrideAccess: true,
        req,
      })
      for (const page of pages as Page[]) {
        const generation = page.generation ?? {}
        const unfinished = ['queued', 'running'].includes(String(generation.status))
        await req.payload.create({
          collection: 'pages',
          data: {
            book: copy.id,
            owner: idOf(book.owner),
            position: page.position,
            title: page.title,
            layout: page.layout,
            body: page.body,
            photo: idOf(page.photo) ?? null,
            prompt: page.prompt,
            imagePrompt: page.imagePrompt,
            locked: page.locked,
            generation: {
              ...generation,
              status: unfinished ? 'pending' : generation.status,
              attempt: null,
              regenerations: 0,
            },
          },
          depth: 0,
          overrideAccess: true,
          req,
        })
      }
      if (ownTransaction) await commitTransaction(req)
      return Response.json({ doc: copy }, { status: 201 })
    } catch (err) {
      if (ownTransaction) await killTransaction(req)
      throw err
    }
  },
}

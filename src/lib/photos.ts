import { ValidationError, type PayloadRequest } from 'payload'

/**
 * Every photo id must be a medium the requesting user may read (their own or a public one);
 * anything else is refused as if it did not exist.
 */
export async function assertUsablePhotos(
  req: PayloadRequest,
  ids: number[],
  pathPrefix: string,
  collection: 'books' | 'pages' = 'books',
) {
  if (!ids.length) return
  const unique = [...new Set(ids)]
  const found = await req.payload.find({
    collection: 'media',
    where: { id: { in: unique } },
    limit: unique.length,
    depth: 0,
    pagination: false,
    overrideAccess: false,
    user: req.user,
    req,
  })
  const readable = new Set(found.docs.map((doc) => doc.id))
  const missing = unique.filter((id) => !readable.has(id))
  if (missing.length) {
    throw new ValidationError({
      collection,
      errors: missing.map((id) => ({
        path: pathPrefix,
        message: `Photo ${id} does not exist or is not yours.`,
      })),
    })
  }
}

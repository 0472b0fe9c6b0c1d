import { NotFound, type CollectionBeforeOperationHook, type CollectionConfig } from 'payload'

import { hasRole } from '@/access/roles'
import { documentIdFrom } from '@/lib/documentId'
import { BadRequest } from '@/lib/http/errors'

/** At most this many documents per page, and this depth of population, for everyone else. */
export const PUBLIC_MAX_LIMIT = 100
export const PUBLIC_MAX_DEPTH = 2

/**
 * `/api/<collection>/<id>` with an id that cannot name a document (`abc`, `1.5`, `12abc`, a
 * 25-digit number) is a 404 before Payload turns it into a number (parseFloat: `12abc` is 12)
 * or the database refuses it.
 */
const requireWellFormedId =
  (slug: string): CollectionBeforeOperationHook =>
  ({ args, req }) => {
    const { routeParams } = req
    const id = routeParams?.id
    if (routeParams?.collection !== slug || typeof id !== 'string') return args
    if (documentIdFrom(id) === undefined) throw new NotFound(req.t)
    return args
  }

/**
 * Reads for customers and anonymous callers, over REST and GraphQL: at most PUBLIC_MAX_LIMIT
 * documents a page (`limit: 0` and `pagination=false` ask for all: they get PUBLIC_MAX_LIMIT),
 * population at most PUBLIC_MAX_DEPTH deep. Staff, integrations and trusted code (the Local
 * API, overrideAccess) are not capped. Payload's own nested reads (population, relationship
 * validation) keep their arguments: they name their documents.
 * (REST query parameters are checked for form by the route, src/lib/http/withApiEnvelope.ts.)
 */
const boundReads: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const read = args as {
    limit?: unknown
    page?: unknown
    depth?: unknown
    pagination?: boolean
    currentDepth?: number
    disableErrors?: boolean
    overrideAccess?: boolean
  }
  if (operation !== 'read' || req.payloadAPI === 'local' || read.overrideAccess) return args
  // Payload's own reads inside a request (population, relationship validation) name their
  // documents: they are left as they are
  if (read.currentDepth || read.disableErrors) return args
  // GraphQL's Int lets these through
  if (typeof read.limit === 'number' && read.limit < 0)
    throw new BadRequest('"limit" must be a whole number from 0.')
  if (typeof read.page === 'number' && read.page < 1)
    throw new BadRequest('"page" must be a whole number of at least 1.')
  if (hasRole(req.user, 'admin', 'editor', 'integration')) return args
  if (read.pagination === false) {
    read.pagination = true
    if (read.limit === undefined) read.limit = PUBLIC_MAX_LIMIT
  }
  if (read.limit === 0 || (typeof read.limit === 'number' && read.limit > PUBLIC_MAX_LIMIT))
    read.limit = PUBLIC_MAX_LIMIT
  if (typeof read.depth === 'number' && read.depth > PUBLIC_MAX_DEPTH) read.depth = PUBLIC_MAX_DEPTH
  return args
}

/** Adds the request bounds to a collection, ahead of its own beforeOperation hooks. */
export function withRequestBounds(collection: CollectionConfig): CollectionConfig {
  const own = collection.hooks?.beforeOperation ?? []
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeOperation: [requireWellFormedId(collection.slug), boundReads, ...own],
    },
  }
}

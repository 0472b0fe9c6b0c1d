import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { afterCommit } from '@memory-maker/payload-jobs'
import { invalidatePublicCache } from '@/lib/publicCache'

const bump = async (req: PayloadRequest) => {
  if (req.context?.skipCacheInvalidation) return
  await invalidatePublicCache()
  await afterCommit(req, invalidatePublicCache)
}

/** Any change to public content drops the anonymous read cache, now and again after commit. */
export const invalidatePublicCacheAfterChange: CollectionAfterChangeHook = async ({ doc, req }) => {
  await bump(req)
  return doc
}

export const invalidatePublicCacheAfterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await bump(req)
  return doc
}

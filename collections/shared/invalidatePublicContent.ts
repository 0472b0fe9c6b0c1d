import { afterCommit } from '@memory-maker/payload-jobs'
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { invalidatePublicContent, TAGS } from '@/lib/publicCache'
import type { Book, Media } from '@/payload-types'

/**
 * The one place that decides what a change makes the public read cache forget, once the change
 * has committed (a rolled-back write forgets nothing): a template created, edited, published,
 * unpublished or deleted, its own entry and the catalogue; a public medium, the entries that show
 * it. A personal book, a page, a private photo, an order or a user: nothing.
 * `req.context.skipCacheInvalidation` (the seed) skips it.
 */
const forgetAfterCommit = async (req: PayloadRequest, tags: string[]) => {
  if (req.context?.skipCacheInvalidation || !tags.length) return
  await afterCommit(req, () => invalidatePublicContent(tags))
}

const templateTags = (doc: Book | undefined, previous?: Book) =>
  doc?.kind === 'template' || previous?.kind === 'template'
    ? [TAGS.catalogue, TAGS.template(doc?.id ?? previous!.id)]
    : []

const mediumTags = (doc: Media | undefined, previous?: Media) =>
  doc?.isPublic || previous?.isPublic ? [TAGS.media(doc?.id ?? previous!.id)] : []

export const forgetChangedTemplate: CollectionAfterChangeHook<Book> = async ({ doc, previousDoc, req }) => {
  await forgetAfterCommit(req, templateTags(doc, previousDoc))
  return doc
}

export const forgetDeletedTemplate: CollectionAfterDeleteHook<Book> = async ({ doc, req }) => {
  await forgetAfterCommit(req, templateTags(doc))
  return doc
}

export const forgetChangedMedium: CollectionAfterChangeHook<Media> = async ({ doc, previousDoc, req }) => {
  await forgetAfterCommit(req, mediumTags(doc, previousDoc))
  return doc
}

export const forgetDeletedMedium: CollectionAfterDeleteHook<Media> = async ({ doc, req }) => {
  await forgetAfterCommit(req, mediumTags(doc))
  return doc
}

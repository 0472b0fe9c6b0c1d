import { afterCommit } from '@memory-maker/payload-jobs'
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { invalidatePublicContent, TAGS } from '@/lib/publicCache'
import { revalidateStorefront } from '@/lib/storefrontRevalidation'
import type { Book, Media } from '@/payload-types'

/**
 * The one place that decides what a change makes the public read cache forget, once the change
 * has committed (a rolled-back write forgets nothing): a template created, edited, published,
 * unpublished or deleted, its own entry and the catalogue; a public medium, the entries that show
 * it. A personal book, a page, a private photo, an order or a user: nothing.
 * `req.context.skipCacheInvalidation` (the seed) skips it.
 */
const forgetAfterCommit = async (req: PayloadRequest, tags: string[], storefrontTags: string[]) => {
  if (req.context?.skipCacheInvalidation || !tags.length) return
  await afterCommit(req, async () => {
    await invalidatePublicContent(tags)
    // then the storefront, which reads through this cache; not waited for by the writer
    void revalidateStorefront(storefrontTags)
  })
}

const isTemplate = (doc: Book | undefined, previous?: Book) =>
  doc?.kind === 'template' || previous?.kind === 'template'

const templateTags = (doc: Book | undefined, previous?: Book) =>
  isTemplate(doc, previous) ? [TAGS.catalogue, TAGS.template(doc?.id ?? previous!.id)] : []

/** The storefront tags its reads by slug (a renamed template: both slugs). */
const storefrontTemplateTags = (doc: Book | undefined, previous?: Book) =>
  isTemplate(doc, previous)
    ? [
        'catalogue',
        ...new Set([doc?.slug, previous?.slug].filter((slug): slug is string => Boolean(slug))),
      ].map((tag, index) => (index === 0 ? tag : `template:${tag}`))
    : []

const mediumTags = (doc: Media | undefined, previous?: Media) =>
  doc?.isPublic || previous?.isPublic ? [TAGS.media(doc?.id ?? previous!.id)] : []

export const forgetChangedTemplate: CollectionAfterChangeHook<Book> = async ({ doc, previousDoc, req }) => {
  await forgetAfterCommit(req, templateTags(doc, previousDoc), storefrontTemplateTags(doc, previousDoc))
  return doc
}

export const forgetDeletedTemplate: CollectionAfterDeleteHook<Book> = async ({ doc, req }) => {
  await forgetAfterCommit(req, templateTags(doc), storefrontTemplateTags(doc))
  return doc
}

export const forgetChangedMedium: CollectionAfterChangeHook<Media> = async ({ doc, previousDoc, req }) => {
  await forgetAfterCommit(req, mediumTags(doc, previousDoc), ['catalogue'])
  return doc
}

export const forgetDeletedMedium: CollectionAfterDeleteHook<Media> = async ({ doc, req }) => {
  await forgetAfterCommit(req, mediumTags(doc), ['catalogue'])
  return doc
}

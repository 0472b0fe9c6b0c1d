import type { CollectionBeforeChangeHook } from 'payload'

import { lockBook, lockedGeneration, type Slugs } from '../utilities/pageStore'

/**
 * Saves of a page never undo the writer's work: Payload writes every column of the row from the
 * document it read at the start of the save, so a title edited while the worker claimed the page
 * would put `queued` back. The state is re-read under the row's lock and saved as it is now.
 */
export const keepPageGeneration =
  (slugs: Slugs): CollectionBeforeChangeHook =>
  async ({ data, operation, originalDoc, req }) => {
    if (operation !== 'update' || !originalDoc?.id) return data
    const current = await lockedGeneration(req, slugs, originalDoc.id)
    return current ? { ...data, generation: current } : data
  }

/**
 * The same for a book's status, unless this save is the one changing it (the plugin's own moves
 * to generating and ready, or an admin's).
 */
export const keepBookStatus =
  (slugs: Slugs): CollectionBeforeChangeHook =>
  async ({ data, operation, originalDoc, req }) => {
    if (operation !== 'update' || !originalDoc?.id) return data
    if (data.status !== undefined && data.status !== originalDoc.status) return data
    const current = await lockBook(req, slugs, originalDoc.id)
    return current ? { ...data, status: current } : data
  }

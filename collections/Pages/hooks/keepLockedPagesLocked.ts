import type { CollectionBeforeChangeHook } from 'payload'

import { isStaff } from '@/access/roles'
import { Conflict } from '@/lib/http/errors'
import type { Page } from '@/payload-types'

/** A locked page carries the template's fixed text: its owner cannot rewrite it. */
export const keepLockedPagesLocked: CollectionBeforeChangeHook<Page> = ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  if (operation !== 'update' || !originalDoc?.locked || !req.user || isStaff(req.user)) return data
  // data carries the whole document on update; null (erasing) counts as a change too
  const changed =
    (data.body !== undefined && JSON.stringify(data.body) !== JSON.stringify(originalDoc.body)) ||
    (data.title !== undefined && data.title !== originalDoc.title)
  if (changed) {
    throw new Conflict('This page holds fixed text from the template and cannot be edited.')
  }
  return data
}

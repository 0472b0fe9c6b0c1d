import type { CollectionBeforeChangeHook } from 'payload'

import { isStaff } from '@/access/roles'
import type { Media } from '@/payload-types'

/** The uploader owns a new medium; only staff uploads can be public (covers, artwork). */
export const assignOwnership: CollectionBeforeChangeHook<Media> = ({ data, operation, req }) => {
  if (operation === 'create') {
    if (req.user) data.owner = req.user.id
    if (req.user && !isStaff(req.user)) data.isPublic = false
  }
  return data
}

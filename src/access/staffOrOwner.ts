import type { Access } from 'payload'

import { isStaff } from './roles'

/**
 * Staff see every row; anyone else signed in gets a query that keeps only the rows whose
 * `ownerField` is them, so lists are filtered in the database.
 */
export const staffOrOwner =
  (ownerField = 'owner'): Access =>
  ({ req: { user } }) => {
    if (!user) return false
    if (isStaff(user)) return true
    return { [ownerField]: { equals: user.id } }
  }

import type { CollectionBeforeChangeHook } from 'payload'

import { isAdmin } from '@/access/roles'
import type { User } from '@/payload-types'

/**
 * Accounts created through a request (sign-up, and Payload's first-register endpoint, which
 * skips field access) are customers unless an admin creates them. The first admin comes from the
 * seed or `npm run create-admin`, both Local API, never from a public request.
 */
export const onlyAdminsGrantRoles: CollectionBeforeChangeHook<User> = ({ data, operation, req }) => {
  if (operation === 'create' && req.payloadAPI !== 'local' && !isAdmin(req.user)) {
    data.roles = ['customer']
  }
  return data
}

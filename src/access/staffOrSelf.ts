import type { Access } from 'payload'

import { isStaff } from './roles'

export const staffOrSelf: Access = ({ req: { user } }) => {
  if (!user) return false
  if (isStaff(user)) return true
  return { id: { equals: user.id } }
}

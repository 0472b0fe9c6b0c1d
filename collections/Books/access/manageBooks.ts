import type { Access, Where } from 'payload'

import { isStaff } from '@/access/roles'

/** Staff manage every book; other users only their own personal books. */
export const manageBooks: Access = ({ req: { user } }) => {
  if (!user) return false
  if (isStaff(user)) return true
  const ownPersonalBooks: Where = { and: [{ owner: { equals: user.id } }, { kind: { equals: 'personal' } }] }
  return ownPersonalBooks
}

import type { Access, Where } from 'payload'

import { isStaff } from '@/access/roles'

/** Public media for everyone; a customer's photos for that customer and staff only. */
export const readMedia: Access = ({ req: { user } }) => {
  if (isStaff(user)) return true
  const isPublic: Where = { isPublic: { equals: true } }
  if (!user) return isPublic
  const publicOrOwn: Where = { or: [isPublic, { owner: { equals: user.id } }] }
  return publicOrOwn
}

import type { Access, Where } from 'payload'

import { isStaff } from '@/access/roles'

const publishedTemplates: Where = {
  and: [{ kind: { equals: 'template' } }, { _status: { equals: 'published' } }],
}

/** Anyone reads published templates; signed-in users also read their own personal books. */
export const readBooks: Access = ({ req: { user } }) => {
  if (isStaff(user)) return true
  if (!user) return publishedTemplates
  return { or: [publishedTemplates, { owner: { equals: user.id } }] }
}

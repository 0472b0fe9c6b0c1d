import type { Access, FieldAccess } from 'payload'

import { isAdmin } from './roles'

export const admins: Access = ({ req: { user } }) => isAdmin(user)
/** For jobs.access and other places that take a plain yes/no. */
export const adminsOnly = ({ req: { user } }: { req: { user?: unknown } }): boolean =>
  isAdmin(user as Parameters<typeof isAdmin>[0])
export const adminsField: FieldAccess = ({ req: { user } }) => isAdmin(user)

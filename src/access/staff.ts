import type { Access, FieldAccess } from 'payload'

import { isStaff } from './roles'

/** Admins and editors. */
export const staff: Access = ({ req: { user } }) => isStaff(user)
export const staffField: FieldAccess = ({ req: { user } }) => isStaff(user)

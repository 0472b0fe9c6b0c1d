import type { PayloadRequest } from 'payload'

import { isStaff } from '@/access/roles'

/** Only staff (admins and editors) enter /admin. */
export const canEnterAdmin = ({ req }: { req: PayloadRequest }): boolean => isStaff(req.user)

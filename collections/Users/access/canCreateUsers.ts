import type { Access } from 'payload'

import { isAdmin } from '@/access/roles'

/**
 * Admins create any account; visitors sign up over REST only, where a registered email is
 * answered like a new one (GraphQL would answer it with an error). Signed-in users already have
 * an account.
 */
export const canCreateUsers: Access = ({ req }) =>
  isAdmin(req.user) || (!req.user && req.payloadAPI === 'REST')

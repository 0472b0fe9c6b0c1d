import type { CollectionBeforeOperationHook } from 'payload'

import { isStaff } from '@/access/roles'
import { enforceLimits } from '@/lib/requestLimits'

/**
 * Customers' uploads (a new medium, or a new file for one) are limited per user (429 +
 * Retry-After); staff and system code are not.
 */
export const throttleUploads: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  const uploads = operation === 'create' || (operation === 'update' && Boolean(req.file))
  if (!uploads || req.payloadAPI === 'local' || !req.user || isStaff(req.user)) return args
  await enforceLimits(req, [{ limit: 'uploadPerUser', key: String(req.user.id) }], 'Too many uploads in a short time.')
  return args
}

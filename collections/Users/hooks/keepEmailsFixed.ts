import type { CollectionBeforeValidateHook } from 'payload'

import { isAdmin } from '@/access/roles'
import { BadRequest } from '@/lib/http/errors'
import type { User } from '@/payload-types'
import { normalisedEmail } from './throttleAuthAttempts'

/**
 * Only admins change an account's email. A user changing their own would learn from the answer
 * whether another account holds the new address (Payload's "must be unique"); a self-service
 * change needs a confirmation mail to the new address first, which does not exist yet. The
 * answer is the same whether or not the address is taken.
 */
export const keepEmailsFixed: CollectionBeforeValidateHook<User> = ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (
    operation !== 'update' ||
    !data ||
    data.email === undefined ||
    req.payloadAPI === 'local' ||
    isAdmin(req.user)
  ) {
    return data
  }
  if (normalisedEmail(data.email) !== normalisedEmail(originalDoc?.email)) {
    throw new BadRequest(
      "An account's email address can only be changed by an administrator: contact us to change yours.",
    )
  }
  return data
}

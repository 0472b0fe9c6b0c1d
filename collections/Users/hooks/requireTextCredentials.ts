import type { CollectionBeforeOperationHook } from 'payload'

import { BadRequest } from '@/lib/http/errors'

const CREDENTIAL_FIELDS = ['email', 'password'] as const

/** An email or password that is not text (a number, an object) is a 400, not a crash further in. */
export const requireTextCredentials: CollectionBeforeOperationHook = ({ args }) => {
  const data = (args as { data?: Record<string, unknown> }).data
  if (!data || typeof data !== 'object') return args
  for (const field of CREDENTIAL_FIELDS) {
    const value = data[field]
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new BadRequest(`"${field}" must be text.`)
    }
  }
  return args
}

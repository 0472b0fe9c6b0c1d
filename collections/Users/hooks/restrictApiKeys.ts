import type { CollectionBeforeChangeHook } from 'payload'

import { isAdmin, mayHoldApiKey } from '@/access/roles'
import type { User } from '@/payload-types'

const API_KEY_FIELDS = ['enableAPIKey', 'apiKey', 'apiKeyIndex'] as const

/**
 * Only admins hand out API keys, and only admin and integration accounts may hold one. Payload's
 * default lets anyone with admin access (editors too) set keys, so this narrows it; a change of
 * roles that makes a key holder a customer also revokes the key.
 */
export const restrictApiKeys: CollectionBeforeChangeHook<User> = ({ data, originalDoc, req }) => {
  const touchesKey = API_KEY_FIELDS.some((field) => field in data)
  if (touchesKey && !isAdmin(req.user) && req.user) {
    for (const field of API_KEY_FIELDS) delete (data as Record<string, unknown>)[field]
  }
  const roles = data.roles ?? originalDoc?.roles
  if (!mayHoldApiKey({ roles: roles ?? [] })) {
    const hadKey = originalDoc?.enableAPIKey || 'apiKey' in data || data.enableAPIKey
    if (hadKey) {
      Object.assign(data, { enableAPIKey: false, apiKey: null, apiKeyIndex: null })
    }
  }
  return data
}

import type { CollectionConfig } from 'payload'

import { adminsField } from '@/access/admins'
import { admins } from '@/access/admins'
import { anyone } from '@/access/anyone'
import { ROLES } from '@/access/roles'
import { staffOrSelf } from '@/access/staffOrSelf'
import { adminsOrSelf } from '@/access/adminsOrSelf'
import { canEnterAdmin } from './access/canEnterAdmin'
import { onlyAdminsGrantRoles } from './hooks/onlyAdminsGrantRoles'
import { restrictApiKeys } from './hooks/restrictApiKeys'
import { throttleAuthAttempts } from './hooks/throttleAuthAttempts'

export const Users: CollectionConfig = {
  slug: 'users',
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'name', 'roles', 'createdAt'],
    group: 'Accounts',
  },
  auth: {
    useAPIKey: true,
    tokenExpiration: 60 * 60 * 24 * 7,
    // Payload's own lockout stays on behind the rate limiter in throttleAuthAttempts
    maxLoginAttempts: 10,
    lockTime: 10 * 60 * 1000,
    cookies: { sameSite: 'Lax' },
  },
  access: {
    admin: canEnterAdmin,
    // public sign-up: the roles field below only accepts a value from an admin
    create: anyone,
    read: staffOrSelf,
    update: adminsOrSelf,
    delete: admins,
    unlock: admins,
  },
  hooks: {
    beforeOperation: [throttleAuthAttempts],
    beforeChange: [onlyAdminsGrantRoles, restrictApiKeys],
  },
  fields: [
    { name: 'name', type: 'text', maxLength: 120 },
    {
      name: 'roles',
      type: 'select',
      hasMany: true,
      required: true,
      defaultValue: ['customer'],
      options: ROLES.map((role) => ({ label: role[0].toUpperCase() + role.slice(1), value: role })),
      saveToJWT: true,
      index: true,
      access: {
        create: adminsField,
        update: adminsField,
      },
    },
  ],
}

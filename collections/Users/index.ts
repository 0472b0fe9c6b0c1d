import type { CollectionConfig } from 'payload'

import { adminsField } from '@/access/admins'
import { admins } from '@/access/admins'
import { ROLES } from '@/access/roles'
import { staffOrSelf } from '@/access/staffOrSelf'
import { adminsOrSelf } from '@/access/adminsOrSelf'
import { getEnv } from '@/lib/env'
import { canCreateUsers } from './access/canCreateUsers'
import { canEnterAdmin } from './access/canEnterAdmin'
import {
  answerDuplicateSignUp,
  hideAccountsAfterOperation,
  hideAccountsBeforeOperation,
} from './hooks/hideWhetherAccountsExist'
import { keepEmailsFixed } from './hooks/keepEmailsFixed'
import { onlyAdminsGrantRoles } from './hooks/onlyAdminsGrantRoles'
import { requireTextCredentials } from './hooks/requireTextCredentials'
import { restrictApiKeys } from './hooks/restrictApiKeys'
import { forgiveSuccessfulLogin, throttleAuthAttempts } from './hooks/throttleAuthAttempts'

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
    // Payload's lockout locks the account for everyone after N failures from anyone: a stranger
    // could lock the owner out. Failures are limited per IP and email instead
    // (hooks/throttleAuthAttempts, README "Accounts").
    maxLoginAttempts: 0,
    cookies: { sameSite: 'Lax', secure: getEnv().isProduction },
  },
  access: {
    admin: canEnterAdmin,
    // public sign-up (REST): the roles field below only accepts a value from an admin
    create: canCreateUsers,
    read: staffOrSelf,
    update: adminsOrSelf,
    delete: admins,
    unlock: admins,
  },
  hooks: {
    beforeOperation: [requireTextCredentials, throttleAuthAttempts, hideAccountsBeforeOperation],
    beforeValidate: [keepEmailsFixed],
    beforeChange: [onlyAdminsGrantRoles, restrictApiKeys],
    afterLogin: [forgiveSuccessfulLogin],
    afterOperation: [hideAccountsAfterOperation],
    afterError: [answerDuplicateSignUp],
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

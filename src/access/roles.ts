import type { User } from '@/payload-types'

export const ROLES = ['admin', 'editor', 'customer', 'integration'] as const
export type Role = (typeof ROLES)[number]

type MaybeUser = Pick<User, 'roles'> | null | undefined

export const hasRole = (user: MaybeUser, ...roles: Role[]): boolean =>
  Boolean(user?.roles?.some((role) => roles.includes(role as Role)))

export const isAdmin = (user: MaybeUser) => hasRole(user, 'admin')
export const isStaff = (user: MaybeUser) => hasRole(user, 'admin', 'editor')
/** Only these roles may hold an API key. */
export const mayHoldApiKey = (user: MaybeUser) => hasRole(user, 'admin', 'integration')

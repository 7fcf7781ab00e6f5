import type { Payload } from 'payload'

import { createRoleUsers } from '../helpers/fixtures'

export const ROLES = [
  'anonymous',
  'trekker',
  'content',
  'ops_manager',
  'cs',
  'finance',
  'guide',
  'super_admin',
] as const

export type Role = (typeof ROLES)[number]

/** One signed-in user per contract role; `token(role)` is undefined for anonymous. */
export async function signedInRoles(payload: Payload) {
  const users = await createRoleUsers(payload)
  return {
    users,
    token: (role: Role) => (role === 'anonymous' ? undefined : users[role].token),
  }
}

/** A refusal: 401 when no credentials were sent, 403 when the role may not. */
export const refusal = (role: Role) => (role === 'anonymous' ? 401 : 403)

/** The roles in `allowed`, and the rest, for `it.each` tables. */
export const split = (allowed: readonly Role[]) =>
  ROLES.map((role) => [role, allowed.includes(role)] as const)

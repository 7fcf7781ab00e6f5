/** Staff roles of the contract; a user with no staffRole is a trekker. */
export const STAFF_ROLES = [
  'super_admin',
  'ops_manager',
  'cs',
  'finance',
  'content',
  'guide',
] as const

export type StaffRole = (typeof STAFF_ROLES)[number]

export type AuthUser =
  | {
      id: number | string
      collection?: string
      staffRole?: StaffRole | null
    }
  | null
  | undefined

export function roleOf(user: AuthUser): StaffRole | null {
  if (!user || (user.collection && user.collection !== 'users')) {
    return null
  }
  return user.staffRole ?? null
}

export function isStaff(user: AuthUser): boolean {
  return roleOf(user) !== null
}

export function isTrekker(user: AuthUser): boolean {
  return Boolean(user) && roleOf(user) === null
}

export function hasRole(user: AuthUser, ...roles: StaffRole[]): boolean {
  const role = roleOf(user)
  return role !== null && roles.includes(role)
}

export function isSuperAdmin(user: AuthUser): boolean {
  return hasRole(user, 'super_admin')
}

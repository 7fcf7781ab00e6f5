import type { Access, FieldAccess, PayloadRequest, Where } from 'payload'

import { hasRole, isStaff, type AuthUser, type StaffRole } from './roles'

const userOf = (req: PayloadRequest): AuthUser => req.user as AuthUser

export const anyone: Access = () => true

export const nobody: Access = () => false

export const signedIn: Access = ({ req }) => Boolean(req.user)

export const staffOnly: Access = ({ req }) => isStaff(userOf(req))

/** Collection access for the listed staff roles (super_admin always included). */
export function rolesCan(...roles: StaffRole[]): Access {
  return ({ req }) => hasRole(userOf(req), 'super_admin', ...roles)
}

/** Field access for the listed staff roles (super_admin always included). */
export function fieldRolesCan(...roles: StaffRole[]): FieldAccess {
  return ({ req }) => hasRole(userOf(req), 'super_admin', ...roles)
}

/**
 * Staff in `roles` see everything; any other signed-in user sees only rows whose
 * `ownerField` is themselves.
 */
export function rolesOrOwner(ownerField: string, ...roles: StaffRole[]): Access {
  return ({ req }) => {
    const user = userOf(req)
    if (!user) {
      return false
    }
    if (hasRole(user, 'super_admin', ...roles)) {
      return true
    }
    return { [ownerField]: { equals: user.id } } as Where
  }
}

/** Admin panel visibility: hide a collection from roles that may not use it. */
export function hiddenUnless(...roles: StaffRole[]) {
  return ({ user }: { user: unknown }) => !hasRole(user as AuthUser, 'super_admin', ...roles)
}

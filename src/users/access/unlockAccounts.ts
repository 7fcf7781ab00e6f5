import type { Access, Where } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'

/**
 * Unlocking an account resets its failed-login count, which hands whoever calls it five more
 * password guesses. Only super admins, and customer support for trekkers (cs edits trekkers,
 * not staff accounts), may; everyone else waits out the lock.
 */
export const unlockAccounts: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (hasRole(user, 'super_admin')) {
    return true
  }
  if (hasRole(user, 'cs')) {
    return { staffRole: { exists: false } } as Where
  }
  return false
}

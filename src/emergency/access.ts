import type { Access, Where } from 'payload'

import { hasRole, isTrekker, type AuthUser } from '@/access/roles'

/** Who handles incidents: ops managers and customer support (and super admins). */
export const INCIDENT_HANDLERS = ['ops_manager', 'cs'] as const

export const canHandleIncidents = (user: AuthUser) =>
  hasRole(user, 'super_admin', ...INCIDENT_HANDLERS)

/** Handlers see every incident, a guide those of batches they lead, a trekker their own. */
export const readIncidents: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (!user) {
    return false
  }
  if (canHandleIncidents(user)) {
    return true
  }
  if (hasRole(user, 'guide')) {
    return { 'batch.guide.user': { equals: user.id } } as Where
  }
  if (isTrekker(user)) {
    return { trekker: { equals: user.id } } as Where
  }
  return false
}

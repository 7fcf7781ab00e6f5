import type { Access, FieldAccess, PayloadRequest, Where } from 'payload'

import { hasRole, isStaff, isTrekker, type AuthUser } from '@/access/roles'

const userOf = (req: PayloadRequest) => req.user as AuthUser

/**
 * Staff who handle money or customers read every payment; a trekker reads their own. Content
 * staff and guides read none: 403, as for the other collections their role may not read (the
 * newcomer run found their list answered 200 and empty).
 */
export const readPayments: Access = ({ req }) => {
  const user = userOf(req)
  if (!user) {
    return false
  }
  if (hasRole(user, 'super_admin', 'ops_manager', 'cs', 'finance')) {
    return true
  }
  return isTrekker(user) ? ({ 'booking.user': { equals: user.id } } as Where) : false
}

export const canExportPayments = (req: PayloadRequest) =>
  hasRole(userOf(req), 'super_admin', 'finance')

export const canRefundPayments = (req: PayloadRequest) =>
  hasRole(userOf(req), 'super_admin', 'finance')

export const canCancelBatches = (req: PayloadRequest) =>
  hasRole(userOf(req), 'super_admin', 'ops_manager')

export const superAdminOnly: Access = ({ req }) => hasRole(userOf(req), 'super_admin')

/** Internal notes (flags, who asked for a refund) are for staff eyes only. */
export const staffReadOnly: FieldAccess = ({ req }) => isStaff(userOf(req))

export const readProviderEvents: Access = ({ req }) =>
  hasRole(userOf(req), 'super_admin', 'finance', 'ops_manager', 'cs')

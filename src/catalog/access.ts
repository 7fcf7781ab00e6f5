import type { Access, Where } from 'payload'

import { hasRole, isStaff, type AuthUser } from '@/access/roles'

/** Catalog editors per the contract: content and ops write regions, treks and days. */
export const canEditCatalog: Access = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'content', 'ops_manager')

/** Removing a trek from sale is an ops decision; content archives nothing either. */
export const canDeleteTreks: Access = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager')

/** Staff read every trek; the public and trekkers read active ones only. */
export const activeUnlessStaff =
  (statusPath: string): Access =>
  ({ req }) =>
    isStaff(req.user as AuthUser) ? true : ({ [statusPath]: { equals: 'active' } } as Where)

export const canManageBatches: Access = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager')

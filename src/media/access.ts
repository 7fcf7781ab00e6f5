import type { Access } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'

/** Changing or removing a stored file is for the people who curate the catalog. */
export const canEditMedia: Access = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager', 'content')

import type { Access, CollectionConfig, FieldAccess, Where } from 'payload'

import { fieldRolesCan, hiddenUnless } from '@/access/predicates'
import { hasRole, isStaff, type AuthUser } from '@/access/roles'

const staffRead: FieldAccess = ({ req }) => isStaff(req.user as AuthUser)

/** Ops and super admins manage guides; content and the guide themself edit bio and photo. */
const canUpdateGuide: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (hasRole(user, 'super_admin', 'ops_manager', 'content')) {
    return true
  }
  if (hasRole(user, 'guide')) {
    return { user: { equals: user!.id } } as Where
  }
  return false
}

const profileWrite: FieldAccess = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager', 'content', 'guide')

export const Guides: CollectionConfig = {
  slug: 'guides',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'yearsExp', 'regions', 'isActive'],
    group: 'Catalog',
    hidden: hiddenUnless('content', 'ops_manager', 'cs', 'guide'),
  },
  access: {
    // The public sees active guides' public fields; staff see every guide.
    read: ({ req }) => (isStaff(req.user as AuthUser) ? true : { isActive: { equals: true } }),
    create: ({ req }) => hasRole(req.user as AuthUser, 'super_admin', 'ops_manager'),
    update: canUpdateGuide,
    delete: ({ req }) => hasRole(req.user as AuthUser, 'super_admin', 'ops_manager'),
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      maxLength: 120,
      access: { update: fieldRolesCan('ops_manager') },
    },
    {
      name: 'user',
      type: 'relationship',
      relationTo: 'users',
      unique: true,
      index: true,
      access: { read: staffRead, update: fieldRolesCan('ops_manager'), create: fieldRolesCan('ops_manager') },
      admin: { description: 'The staff account this guide signs in with' },
    },
    { name: 'bio', type: 'textarea', maxLength: 5000, access: { update: profileWrite } },
    { name: 'photo', type: 'upload', relationTo: 'media', access: { update: profileWrite } },
    {
      name: 'yearsExp',
      type: 'number',
      min: 0,
      max: 70,
      access: { update: fieldRolesCan('ops_manager') },
    },
    {
      name: 'regions',
      type: 'relationship',
      relationTo: 'regions',
      hasMany: true,
      access: { update: fieldRolesCan('ops_manager') },
    },
    {
      name: 'certifications',
      type: 'text',
      hasMany: true,
      maxRows: 30,
      access: { update: fieldRolesCan('ops_manager') },
    },
    {
      name: 'satellitePhone',
      type: 'text',
      access: { read: staffRead, update: fieldRolesCan('ops_manager'), create: fieldRolesCan('ops_manager') },
    },
    {
      name: 'isActive',
      type: 'checkbox',
      defaultValue: true,
      index: true,
      access: { read: staffRead, update: fieldRolesCan('ops_manager'), create: fieldRolesCan('ops_manager') },
    },
  ],
}

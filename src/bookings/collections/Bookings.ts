import type { Access, CollectionConfig, Where } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { hasRole, type AuthUser } from '@/access/roles'

export const BOOKING_STATUSES = ['pending', 'confirmed', 'cancelled', 'completed'] as const
export const BOOKING_SOURCES = ['app', 'web', 'referral'] as const

/** Staff who see every booking; a guide sees the bookings of batches they lead. */
const readBookings: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (!user) {
    return false
  }
  if (hasRole(user, 'super_admin', 'ops_manager', 'cs', 'finance')) {
    return true
  }
  if (hasRole(user, 'guide')) {
    return { 'batch.guide.user': { equals: user.id } } as Where
  }
  return { user: { equals: user.id } } as Where
}

/** Money, status and seat fields are computed by the server, never taken from a client. */
const serverOnly = { create: () => false, update: () => false }

export const Bookings: CollectionConfig = {
  slug: 'bookings',
  admin: {
    useAsTitle: 'trekkerName',
    defaultColumns: ['trekkerName', 'batch', 'status', 'finalAmount', 'amountPaid', 'createdAt'],
    listSearchableFields: ['trekkerName', 'trekkerEmail', 'trekkerPhone'],
    group: 'Bookings',
    hidden: hiddenUnless('ops_manager', 'cs', 'finance', 'guide'),
  },
  access: {
    read: readBookings,
    create: ({ req }) => Boolean(req.user),
    update: ({ req }) => hasRole(req.user as AuthUser, 'super_admin', 'ops_manager', 'cs'),
    delete: ({ req }) => hasRole(req.user as AuthUser, 'super_admin'),
  },
  indexes: [{ fields: ['batch', 'status'] }],
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
    { name: 'batch', type: 'relationship', relationTo: 'batches', required: true, index: true },
    {
      name: 'status',
      type: 'select',
      options: [...BOOKING_STATUSES],
      defaultValue: 'pending',
      required: true,
      index: true,
      access: serverOnly,
    },
    { name: 'source', type: 'select', options: [...BOOKING_SOURCES], defaultValue: 'app' },
    { name: 'baseAmount', type: 'number', access: serverOnly },
    { name: 'discountAmount', type: 'number', access: serverOnly },
    { name: 'finalAmount', type: 'number', access: serverOnly },
    { name: 'amountPaid', type: 'number', defaultValue: 0, access: serverOnly },
    { name: 'balanceDue', type: 'number', access: serverOnly },
    { name: 'holdExpiresAt', type: 'date', index: true, access: serverOnly },
    {
      type: 'collapsible',
      label: 'Trekker snapshot',
      fields: [
        { name: 'trekkerName', type: 'text', access: serverOnly },
        { name: 'trekkerAge', type: 'number', access: serverOnly },
        { name: 'trekkerPhone', type: 'text', access: serverOnly },
        { name: 'trekkerEmail', type: 'email', access: serverOnly },
      ],
    },
    {
      type: 'collapsible',
      label: 'Documents',
      fields: [
        { name: 'healthDeclarationSigned', type: 'checkbox', defaultValue: false },
        { name: 'waiverSigned', type: 'checkbox', defaultValue: false },
        { name: 'idDocumentUploaded', type: 'checkbox', defaultValue: false },
        { name: 'documentsComplete', type: 'checkbox', defaultValue: false, access: serverOnly },
      ],
    },
    {
      type: 'collapsible',
      label: 'Emergency contact snapshot',
      fields: [
        { name: 'emergencyContactName', type: 'text', access: serverOnly },
        { name: 'emergencyContactPhone', type: 'text', access: serverOnly },
        { name: 'emergencyContactRelation', type: 'text', access: serverOnly },
      ],
    },
  ],
}

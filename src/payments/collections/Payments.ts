import type { Access, CollectionConfig, Where } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { hasRole, type AuthUser } from '@/access/roles'

export const PAYMENT_STATUSES = ['pending', 'success', 'failed', 'refunded'] as const

/** Staff who handle money or customers read every payment; a trekker reads their own. */
const readPayments: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (!user) {
    return false
  }
  if (hasRole(user, 'super_admin', 'ops_manager', 'cs', 'finance')) {
    return true
  }
  return { 'booking.user': { equals: user.id } } as Where
}

const superAdminOnly: Access = ({ req }) => hasRole(req.user as AuthUser, 'super_admin')

/** Payments are written by checkout, verification and webhooks, never through the REST API. */
export const Payments: CollectionConfig = {
  slug: 'payments',
  admin: {
    useAsTitle: 'razorpayOrderId',
    defaultColumns: ['createdAt', 'booking', 'amount', 'status', 'method', 'razorpayPaymentId'],
    listSearchableFields: ['razorpayOrderId', 'razorpayPaymentId'],
    group: 'Bookings',
    hidden: hiddenUnless('ops_manager', 'cs', 'finance'),
  },
  access: {
    read: readPayments,
    create: superAdminOnly,
    update: superAdminOnly,
    delete: superAdminOnly,
  },
  fields: [
    { name: 'booking', type: 'relationship', relationTo: 'bookings', required: true, index: true },
    { name: 'razorpayOrderId', type: 'text', index: true },
    { name: 'razorpayPaymentId', type: 'text', unique: true },
    { name: 'amount', type: 'number', required: true, admin: { description: 'Rupees' } },
    {
      name: 'status',
      type: 'select',
      options: [...PAYMENT_STATUSES],
      defaultValue: 'pending',
      required: true,
      index: true,
    },
    { name: 'method', type: 'text', admin: { description: 'upi, card, netbanking, cash, ...' } },
  ],
}

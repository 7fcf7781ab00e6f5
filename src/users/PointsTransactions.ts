import type { CollectionConfig } from 'payload'

import { hiddenUnless, nobody, rolesCan, rolesOrOwner } from '@/access/predicates'

import { applyToBalance } from './loyalty'

/**
 * The points ledger: a user's `obsPoints` is the sum of their rows. Rows are never edited
 * or deleted (a correction is a new row); only super admins add manual adjustments.
 */
export const PointsTransactions: CollectionConfig = {
  slug: 'points-transactions',
  admin: {
    useAsTitle: 'reason',
    defaultColumns: ['user', 'amount', 'reason', 'booking', 'createdAt'],
    group: 'Tribe',
    hidden: hiddenUnless('ops_manager', 'cs', 'finance'),
  },
  access: {
    read: rolesOrOwner('user', 'ops_manager', 'cs', 'finance'),
    create: rolesCan(),
    update: nobody,
    delete: nobody,
  },
  defaultSort: '-createdAt',
  hooks: { afterChange: [applyToBalance] },
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
    {
      name: 'amount',
      type: 'number',
      required: true,
      admin: { description: 'Points added (positive) or taken away (negative)' },
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value !== 0
          ? true
          : 'Amount must be a whole number of points other than zero',
    },
    { name: 'reason', type: 'text', required: true, maxLength: 200 },
    { name: 'booking', type: 'relationship', relationTo: 'bookings', index: true },
  ],
}

import type { Access, CollectionConfig } from 'payload'

import { hiddenUnless, nobody, rolesCan } from '@/access/predicates'
import { hasRole, isTrekker, type AuthUser } from '@/access/roles'

import { applyToBalance, lockBalanceBeforeInsert } from './loyalty'
import { NOT_COPIED } from '@/shared/notCopied'

/** Trekkers read their own rows; the staff who look after trekkers or money read all. */
const readPoints: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (hasRole(user, 'super_admin', 'ops_manager', 'cs', 'finance')) {
    return true
  }
  return isTrekker(user) ? { user: { equals: user!.id } } : false
}

/**
 * The points ledger: a user's `obsPoints` is the sum of their rows. Rows are never edited
 * or deleted (a correction is a new row); only super admins add manual adjustments.
 */
const MAX_POINTS_PER_ENTRY = 1_000_000

export const PointsTransactions: CollectionConfig = {
  slug: 'points-transactions',
  ...NOT_COPIED,
  admin: {
    useAsTitle: 'reason',
    defaultColumns: ['user', 'amount', 'reason', 'booking', 'createdAt'],
    group: 'Tribe',
    hidden: hiddenUnless('ops_manager', 'cs', 'finance'),
  },
  access: {
    read: readPoints,
    create: rolesCan(),
    update: nobody,
    delete: nobody,
  },
  defaultSort: '-createdAt',
  hooks: { beforeChange: [lockBalanceBeforeInsert], afterChange: [applyToBalance] },
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
    {
      name: 'amount',
      type: 'number',
      required: true,
      admin: { description: 'Points added (positive) or taken away (negative)' },
      // A million points is far beyond any real award (a confirmed trek earns 100); larger
      // numbers are typos, and past 2^53 the balance could no longer be added up exactly.
      validate: (value: unknown) =>
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value !== 0 &&
        Math.abs(value) <= MAX_POINTS_PER_ENTRY
          ? true
          : `Amount must be a whole number of points other than zero, at most ${MAX_POINTS_PER_ENTRY} either way`,
    },
    { name: 'reason', type: 'text', required: true, maxLength: 200 },
    { name: 'booking', type: 'relationship', relationTo: 'bookings', index: true },
  ],
}

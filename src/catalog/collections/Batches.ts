import { ValidationError, type Access, type CollectionConfig, type Where } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { hasRole, isStaff, type AuthUser } from '@/access/roles'

import { canManageBatches } from '../access'
import { lockedBookedSeats, statusForSeats } from '../seatLock'
import { refreshTrekCardAfterBatchChange, refreshTrekCardAfterBatchDelete } from '../hooks/refreshTrekCard'

export const BATCH_STATUSES = ['open', 'full', 'ongoing', 'completed', 'cancelled'] as const

/**
 * Trekkers and the public see departures still ahead of them on active treks;
 * a guide sees the batches they lead; other staff see all.
 */
const readBatches: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (hasRole(user, 'guide')) {
    return { 'guide.user': { equals: user!.id } } as Where
  }
  if (isStaff(user)) {
    return true
  }
  return {
    and: [
      { startDate: { greater_than: new Date().toISOString() } },
      { status: { in: ['open', 'full'] } },
      { 'trek.status': { equals: 'active' } },
    ],
  } as Where
}

/** Seat counts change only inside booking transactions. */
const serverMaintained = { create: () => false, update: () => false }

export const Batches: CollectionConfig = {
  slug: 'batches',
  admin: {
    useAsTitle: 'startDate',
    defaultColumns: ['trek', 'startDate', 'endDate', 'status', 'bookedSeats', 'totalSeats', 'price'],
    group: 'Catalog',
    hidden: hiddenUnless('content', 'ops_manager', 'cs', 'finance', 'guide'),
  },
  defaultSort: 'startDate',
  access: {
    read: readBatches,
    create: canManageBatches,
    update: canManageBatches,
    delete: canManageBatches,
  },
  indexes: [{ fields: ['trek', 'startDate'] }],
  hooks: {
    beforeValidate: [
      async ({ data, originalDoc, req }) => {
        if (!data) {
          return data
        }
        // Keep the derived count in step when staff change the size of a batch. The row is
        // locked first so a booking taking a seat meanwhile cannot slip under the new total.
        const total = data.totalSeats ?? originalDoc?.totalSeats
        const booked = originalDoc?.id ? await lockedBookedSeats(req, originalDoc.id) : 0
        if (typeof total === 'number' && total < booked) {
          throw new ValidationError({
            collection: 'batches',
            errors: [{ path: 'totalSeats', message: `Total seats cannot go below the ${booked} seats already held` }],
          })
        }
        if (typeof total === 'number') {
          data.availableSeats = total - booked
          data.status = statusForSeats({ ...originalDoc, ...data }, booked)
        }
        return data
      },
    ],
    afterChange: [refreshTrekCardAfterBatchChange],
    afterDelete: [refreshTrekCardAfterBatchDelete],
  },
  fields: [
    { name: 'trek', type: 'relationship', relationTo: 'treks', required: true, index: true },
    { name: 'guide', type: 'relationship', relationTo: 'guides', index: true },
    { name: 'startDate', type: 'date', required: true, index: true },
    {
      name: 'endDate',
      type: 'date',
      required: true,
      validate: (value: unknown, { siblingData }: { siblingData: Record<string, unknown> }) => {
        if (!value) {
          return 'End date is required'
        }
        const start = siblingData?.startDate ? new Date(String(siblingData.startDate)) : null
        if (start && new Date(String(value)) <= start) {
          return 'End date must be after the start date'
        }
        return true
      },
    },
    {
      name: 'totalSeats',
      type: 'number',
      required: true,
      min: 1,
      max: 200,
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 1
          ? true
          : 'Total seats must be a whole number of at least 1',
    },
    {
      name: 'price',
      type: 'number',
      required: true,
      min: 1,
      admin: { description: 'Per trekker, in rupees' },
      validate: (value: unknown) =>
        typeof value === 'number' && value > 0 && Math.round(value * 100) === value * 100
          ? true
          : 'Price must be a positive amount in rupees with at most two decimals',
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'open',
      index: true,
      options: [...BATCH_STATUSES],
    },
    {
      name: 'bookedSeats',
      type: 'number',
      defaultValue: 0,
      access: serverMaintained,
      admin: { readOnly: true },
    },
    {
      name: 'availableSeats',
      type: 'number',
      access: serverMaintained,
      admin: { readOnly: true },
    },
  ],
}

import { sql } from '@payloadcms/db-postgres'
import type { Access, CollectionConfig, PayloadRequest, Where } from 'payload'

import { readDb } from '@/db/transaction'

import { preventLostUpdates } from '@/db/noLostUpdates'

import { fieldRolesCan, hiddenUnless } from '@/access/predicates'
import { hasRole, isStaff, isTrekker, type AuthUser } from '@/access/roles'
import { refuseDeleteWhileUsed } from '@/shared/refuseDeleteWhileUsed'

import { canManageBatches } from '../access'
import {
  deferTrekCardsInBulk,
  refreshDeferredTrekCards,
  refreshTrekCardAfterBatchChange,
  refreshTrekCardAfterBatchDelete,
} from '../hooks/refreshTrekCard'
import { labelBatch } from '../hooks/batchLabel'
import { cancelOnlyByEndpoint } from '../hooks/cancelOnlyByEndpoint'
import { syncBatchSeats } from '../hooks/syncBatchSeats'
import { BATCH_STATUSES } from '../options'
import { endsAfterStart, positiveRupees, positiveSeatCount } from '../validation/batches'

export { BATCH_STATUSES }

/** Departures the public may see: still ahead, bookable or sold out, on an active trek. */
const upcomingPublicBatches = (): Where => ({
  and: [
    { startDate: { greater_than: new Date().toISOString() } },
    { status: { in: ['open', 'full'] } },
    { 'trek.status': { equals: 'active' } },
  ],
})

/** Every batch the trekker ever booked, cancelled bookings included (one indexed read). */
async function batchesBookedBy(req: PayloadRequest, userId: number): Promise<number[]> {
  const { rows } = await (
    await readDb(req)
  ).execute(sql`select distinct batch_id from bookings where user_id = ${userId}`)
  return rows.map((row) => Number(row.batch_id)).filter((id) => id > 0)
}

/**
 * A guide sees the batches they lead; other staff see all; everyone else upcoming ones, and a
 * trekker also the departures of their own bookings: the trip under way, past trips and a
 * departure OBS called off stay on "my bookings" with their dates and status.
 */
const readBatches: Access = async ({ req }) => {
  const user = req.user as AuthUser
  if (hasRole(user, 'guide')) {
    return { 'guide.user': { equals: user!.id } } as Where
  }
  if (isStaff(user)) {
    return true
  }
  const booked = isTrekker(user) ? await batchesBookedBy(req, Number(user!.id)) : []
  return booked.length
    ? { or: [upcomingPublicBatches(), { id: { in: booked } }] }
    : upcomingPublicBatches()
}

/** Seat counts change only inside booking transactions. */
const serverMaintained = { create: () => false, update: () => false }

const noLostBatchUpdates = preventLostUpdates('batches')

export const Batches: CollectionConfig = {
  slug: 'batches',
  labels: { singular: 'Batch', plural: 'Batches' },
  admin: {
    useAsTitle: 'label',
    defaultColumns: [
      'trek',
      'startDate',
      'endDate',
      'status',
      'bookedSeats',
      'totalSeats',
      'price',
    ],
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
    // Cancelling a batch and counting its seats happen under its row lock; an edit saved
    // meanwhile must not write the old status back (a cancelled batch reopened).
    beforeOperation: [noLostBatchUpdates.lockBeforeRead, deferTrekCardsInBulk],
    beforeValidate: [syncBatchSeats],
    beforeChange: [noLostBatchUpdates.refuseStaleWrite, cancelOnlyByEndpoint, labelBatch],
    afterChange: [refreshTrekCardAfterBatchChange],
    beforeDelete: [
      refuseDeleteWhileUsed(
        'bookings',
        'batch',
        'This batch has bookings: cancel it instead of deleting it',
      ),
    ],
    afterDelete: [refreshTrekCardAfterBatchDelete],
    afterOperation: [refreshDeferredTrekCards],
  },
  fields: [
    {
      name: 'label',
      type: 'text',
      access: serverMaintained,
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: 'Trek and start date, kept up to date by the server',
      },
    },
    { name: 'trek', type: 'relationship', relationTo: 'treks', required: true, index: true },
    { name: 'guide', type: 'relationship', relationTo: 'guides', index: true },
    { name: 'startDate', type: 'date', required: true, index: true },
    { name: 'endDate', type: 'date', required: true, validate: endsAfterStart },
    { name: 'totalSeats', type: 'number', required: true, validate: positiveSeatCount },
    {
      name: 'price',
      type: 'number',
      required: true,
      admin: { description: 'Per trekker, in rupees' },
      validate: positiveRupees,
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'open',
      index: true,
      options: [...BATCH_STATUSES],
      // A copy has no bookings: it opens, whatever the original had come to (a copy of a `full`
      // departure was `full` with every seat free; review round 26's note).
      hooks: { beforeDuplicate: [() => 'open'] },
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
    {
      // The desk's own words when it called the departure off (POST /api/batches/:id/cancel).
      // Trekkers are told only "Departure called off by OBS": the reason may name a guide,
      // another trekker or a supplier (review round 20). Not for guides either.
      name: 'calledOffReason',
      type: 'text',
      access: {
        ...serverMaintained,
        read: fieldRolesCan('ops_manager', 'cs', 'finance', 'content'),
      },
      admin: { readOnly: true, condition: (data) => data?.status === 'cancelled' },
    },
  ],
}

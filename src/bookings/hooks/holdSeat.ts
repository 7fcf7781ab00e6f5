import { APIError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { isTrekker, type AuthUser } from '@/access/roles'
import { env } from '@/config/env'

import { minutesAfter } from '@/shared/time'
import { idOf } from '../ids'
import { roundRupees } from '../money'
import { holdsSeatOnBatch, lockBatch, seatsHeld, type LockedBatch } from '../seats'
import { snapshotTrekker } from '../snapshot'
import { documentsComplete } from './guardDocuments'

/** A trekker always books for themselves; the desk (and server code) names the trekker. */
function bookingOwner(req: PayloadRequest, named: unknown): number {
  const caller = req.user as AuthUser
  if (isTrekker(caller)) {
    return Number(caller!.id)
  }
  const userId = idOf(named)
  if (!userId) {
    throw new APIError('Name the trekker this booking is for', 400)
  }
  return userId
}

function refuseUnbookable(batch: LockedBatch, now: Date, heldSeats: number) {
  if (batch.trekStatus !== 'active') {
    throw new APIError('This trek is not open for booking', 400)
  }
  if (batch.status === 'cancelled') {
    throw new APIError('This batch has been cancelled', 400)
  }
  if (batch.startDate <= now || ['ongoing', 'completed'].includes(batch.status)) {
    throw new APIError('This batch has already started', 400)
  }
  if (batch.status === 'full' || heldSeats >= batch.totalSeats) {
    throw new APIError('This batch is full', 400)
  }
}

/**
 * Creating a booking takes a seat: under the batch's row lock it checks the batch can
 * be booked and has a free seat, and that the trekker holds no other seat on it, then
 * fills every server-owned field. Runs for REST, GraphQL, the admin and the Local API
 * alike, inside the create operation's transaction; the seat counts on the batch are
 * updated after the insert by keepSeatsInStep.
 */
export const holdSeat: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') {
    return data
  }
  const userId = bookingOwner(req, data.user)
  const batchId = idOf(data.batch)
  if (!batchId) {
    throw new APIError('Choose a batch to book', 400)
  }
  const now = new Date()

  const batch = await lockBatch(req, batchId)
  if (!batch) {
    throw new APIError('This batch does not exist', 400)
  }
  refuseUnbookable(batch, now, await seatsHeld(req, batchId))
  if (await holdsSeatOnBatch(req, userId, batchId)) {
    const who = isTrekker(req.user as AuthUser) ? 'You already hold' : 'This trekker already holds'
    throw new APIError(`${who} a seat on this batch`, 400)
  }

  const price = roundRupees(batch.price)
  return {
    ...data,
    ...(await snapshotTrekker(req, userId, now)),
    user: userId,
    batch: batchId,
    status: 'pending',
    baseAmount: price,
    discountAmount: 0,
    finalAmount: price,
    amountPaid: 0,
    balanceDue: price,
    refundDue: 0,
    refundedAmount: 0,
    holdExpiresAt: minutesAfter(now, env.bookingHoldMinutes).toISOString(),
    confirmedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    cancellationReason: null,
    documentsComplete: documentsComplete(data),
  }
}

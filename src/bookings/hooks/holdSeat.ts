import { sql } from '@payloadcms/db-postgres'
import {
  APIError,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
  type PayloadRequest,
} from 'payload'

import { isTrekker, type AuthUser } from '@/access/roles'
import { env } from '@/config/env'
import { readDb } from '@/db/transaction'

import { relationId } from '@/shared/relationId'
import { minutesAfter } from '@/shared/time'
import { roundRupees } from '../money'
import { hasSetOut, holdsSeatOnBatch, lockBatch, seatsHeld, type LockedBatch } from '../seats'
import { snapshotTrekker } from '../snapshot'
import { trekkerHoldExpiry } from '../unpaidHolds'
import { documentsComplete } from './guardDocuments'

/** A trekker always books for themselves; the desk (and server code) names the trekker. */
function bookingOwner(req: PayloadRequest, named: unknown): number {
  const caller = req.user as AuthUser
  if (isTrekker(caller)) {
    return Number(caller!.id)
  }
  const userId = relationId(named)
  if (!userId) {
    throw new APIError('Name the trekker this booking is for', 400)
  }
  return userId
}

const NO_SUCH_BATCH = 'This batch does not exist'

/**
 * A trekker reads no departure of a draft or archived trek: one named in a booking answers as
 * one that does not exist, or walking ids would show which unpublished treks are being prepared
 * (review round 31). The desk, which reads them, is told why.
 */
function refuseUnbookable(batch: LockedBatch, now: Date, heldSeats: number, req: PayloadRequest) {
  if (batch.trekStatus !== 'active') {
    const message = isTrekker(req.user as AuthUser)
      ? NO_SUCH_BATCH
      : 'This trek is not open for booking'
    throw new APIError(message, 400)
  }
  if (batch.status === 'cancelled') {
    throw new APIError('This batch has been cancelled', 400)
  }
  if (hasSetOut(batch, now)) {
    throw new APIError('This batch has already started', 400)
  }
  if (batch.status === 'full' || heldSeats >= batch.totalSeats) {
    throw new APIError('This batch is full', 400)
  }
}

/**
 * A burst on a sold-out batch is refused from a plain read, before validation and without
 * queuing on the batch lock: hundreds of trekkers opening a popular departure otherwise
 * wait in line for the lock only to be told it is full. A batch that looks bookable here
 * is checked again under the lock by holdSeat, which alone decides who gets a seat.
 */
export const refuseSoldOutEarly: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  // Runs before access checks: an anonymous caller is left to them (401/403, not "full").
  const batchId =
    operation === 'create' && req.user
      ? relationId((args.data as { batch?: unknown } | undefined)?.batch)
      : undefined
  if (batchId) {
    await refuseIfVisiblyUnbookable(req, batchId)
  }
  return args
}

/** The plain-read check both steps share: refuses what is already visibly unbookable. */
async function refuseIfVisiblyUnbookable(req: PayloadRequest, batchId: number) {
  const db = await readDb(req)
  const { rows } = await db.execute(sql`
    SELECT b.id, b.status, b.start_date, b.total_seats, b.price, b.booked_seats, b.trek_id,
           t.status AS trek_status
    FROM batches b LEFT JOIN treks t ON t.id = b.trek_id
    WHERE b.id = ${batchId}`)
  const row = rows[0]
  if (row) {
    const batch: LockedBatch = {
      id: Number(row.id),
      status: String(row.status),
      startDate: new Date(row.start_date as string),
      totalSeats: Number(row.total_seats),
      price: Number(row.price),
      trekId: row.trek_id == null ? null : Number(row.trek_id),
      trekStatus: row.trek_status == null ? null : String(row.trek_status),
    }
    refuseUnbookable(batch, new Date(), Number(row.booked_seats ?? 0), req)
  }
}

/**
 * Creating a booking takes a seat: under the batch's row lock it checks the batch can
 * be booked and has a free seat, and that the trekker holds no other seat on it, then
 * fills every server-owned field. After unpaid bookings of the same batch a trekker's hold
 * may be shorter than usual, or refused (trekkerHoldExpiry). Runs for REST, GraphQL, the
 * admin and the Local API alike, inside the create operation's transaction; the seat counts
 * on the batch are updated after the insert by keepSeatsInStep.
 */
export const holdSeat: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') {
    return data
  }
  const userId = bookingOwner(req, data.user)
  const batchId = relationId(data.batch)
  if (!batchId) {
    throw new APIError('Choose a batch to book', 400)
  }
  const now = new Date()

  // Looked at again just before queuing on the lock: in a burst, every request passed the
  // first look while seats were left, and the ones that arrive after the last seat went
  // should leave here rather than wait their turn on the lock only to hear the same.
  await refuseIfVisiblyUnbookable(req, batchId)
  const batch = await lockBatch(req, batchId)
  if (!batch) {
    throw new APIError(NO_SUCH_BATCH, 400)
  }
  refuseUnbookable(batch, now, await seatsHeld(req, batchId), req)
  if (await holdsSeatOnBatch(req, userId, batchId)) {
    const who = isTrekker(req.user as AuthUser) ? 'You already hold' : 'This trekker already holds'
    throw new APIError(`${who} a seat on this batch`, 400)
  }
  // Not for the desk (or server code): staff book for a trekker they are dealing with, often
  // one whose online payments kept failing, and cannot cycle holds the way a script can.
  const holdExpiresAt = isTrekker(req.user as AuthUser)
    ? await trekkerHoldExpiry(req, userId, batchId, now)
    : minutesAfter(now, env.bookingHoldMinutes)

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
    holdExpiresAt: holdExpiresAt.toISOString(),
    confirmedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    cancellationReason: null,
    documentsComplete: documentsComplete(data),
  }
}

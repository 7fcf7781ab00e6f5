import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionDb } from '@/db/transaction'
import { lockRow } from '@/shared/sql'
import type { Booking } from '@/payload-types'
import { relationId } from '@/shared/relationId'

import { lockBatch, type LockedBatch } from '../seats'

export type LockedBooking = { booking: Booking; batch: LockedBatch }

/**
 * Locks a booking for a change of status or money: its batch first, then the booking,
 * the same order as creating one, so concurrent changes queue instead of deadlocking.
 */
export async function lockBooking(
  req: PayloadRequest,
  bookingId: number,
): Promise<LockedBooking | null> {
  const db = await transactionDb(req)
  const found = await db.execute(sql`SELECT batch_id FROM bookings WHERE id = ${bookingId}`)
  const batchId = relationId(found.rows[0]?.batch_id)
  if (!batchId) {
    return null
  }
  const batch = await lockBatch(req, batchId)
  await lockRow(req, 'bookings', bookingId)
  const booking = await req.payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  return booking && batch ? { booking, batch } : null
}

/**
 * The same locks, for a writer that needs no copy of the booking (a payment): batch, then
 * booking, each skipped when this transaction holds it already. False when the booking or
 * its batch does not exist.
 */
export async function lockBookingRows(req: PayloadRequest, bookingId: number): Promise<boolean> {
  const db = await transactionDb(req)
  const found = await db.execute(sql`SELECT batch_id FROM bookings WHERE id = ${bookingId}`)
  const batchId = relationId(found.rows[0]?.batch_id)
  if (!batchId) {
    return false
  }
  const batchFound = await lockRow(req, 'batches', batchId)
  return (await lockRow(req, 'bookings', bookingId)) && batchFound
}

/**
 * Locks every booking of one trekker, for a change to all of them (an erasure): their
 * batches first and then the bookings, each in id order, before the caller locks the account.
 * That is the order a cancellation takes (batch, booking, then the account for its points),
 * so the two queue one behind the other instead of deadlocking.
 */
export async function lockBookingsOf(req: PayloadRequest, userId: number): Promise<void> {
  const db = await transactionDb(req)
  await db.execute(sql`
    SELECT id FROM batches
    WHERE id IN (SELECT batch_id FROM bookings WHERE user_id = ${userId})
    ORDER BY id FOR NO KEY UPDATE`)
  await db.execute(sql`SELECT id FROM bookings WHERE user_id = ${userId} ORDER BY id FOR UPDATE`)
}

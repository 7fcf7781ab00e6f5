import { sql } from '@payloadcms/db-postgres'
import { createLocalReq, type Payload } from 'payload'

import { inTransaction, transactionDb } from '@/db/transaction'
import { relationId } from '@/shared/relationId'

import { lockBatch } from '../seats'

const PAGE = 100

/**
 * How long a hold with an open Razorpay order outlives its end. Checkout hands out orders only
 * within the hold, and a capture is judged by when the trekker paid, but a UPI approval or a
 * webhook may report minutes later: expired at once, a payment made in the hold's last minute
 * found the booking cancelled and was refunded, the seat lost (review round 29). An order whose
 * last attempt failed is open too: Razorpay takes a retry on it, and checkout hands the same
 * order out again (round 30: a declined attempt, then a retry paid in the hold's last minute,
 * found no grace and was refunded).
 */
export const OPEN_ORDER_GRACE_MS = 15 * 60_000

/**
 * Cancels unpaid pending bookings whose hold ran out before `now` (OPEN_ORDER_GRACE_MS later
 * for one with an open Razorpay order) and frees their seats.
 * Each booking is re-checked under its batch's lock with the same conditions, so running
 * twice, or on two instances at once, cancels each booking exactly once, and a payment
 * that lands first keeps the booking.
 */
export async function expireHolds(payload: Payload, now: Date = new Date()) {
  let expired = 0
  let afterId = 0
  for (;;) {
    const { docs } = await payload.find({
      collection: 'bookings',
      where: {
        id: { greater_than: afterId },
        status: { equals: 'pending' },
        holdExpiresAt: { less_than_equal: now.toISOString() },
        or: [{ amountPaid: { equals: 0 } }, { amountPaid: { exists: false } }],
      },
      sort: 'id',
      limit: PAGE,
      depth: 0,
      select: { batch: true },
      overrideAccess: true,
    })
    for (const candidate of docs) {
      if (await expireHold(payload, candidate.id, relationId(candidate.batch), now)) {
        expired += 1
      }
    }
    if (docs.length < PAGE) {
      break
    }
    afterId = docs[docs.length - 1].id
  }
  if (expired > 0) {
    payload.logger.info({ msg: 'expired unpaid booking holds', expired })
  }
  return { expired }
}

async function expireHold(payload: Payload, bookingId: number, batchId: number | null, now: Date) {
  const req = await createLocalReq({}, payload)
  try {
    return await inTransaction(req, async () => {
      if (batchId) {
        await lockBatch(req, batchId)
      }
      const db = await transactionDb(req)
      // The booking is locked by a statement of its own and judged by the next: one statement
      // judging after waiting for the lock (a checkout recording its order) would read the
      // payments of its older snapshot and miss that order (review round 30's note).
      await db.execute(sql`SELECT id FROM bookings WHERE id = ${bookingId} FOR UPDATE`)
      const graceEnded = new Date(now.getTime() - OPEN_ORDER_GRACE_MS).toISOString()
      const { rows } = await db.execute(sql`
        SELECT id FROM bookings b
        WHERE id = ${bookingId} AND status = 'pending'
          AND hold_expires_at <= ${now.toISOString()}::timestamptz
          AND coalesce(amount_paid, 0) = 0
          AND (hold_expires_at <= ${graceEnded}::timestamptz OR NOT EXISTS (
            SELECT 1 FROM payments p
            WHERE p.booking_id = b.id AND p.status IN ('pending', 'failed')
              AND p.razorpay_order_id IS NOT NULL))
        FOR UPDATE`)
      if (rows.length === 0) {
        return false
      }
      await payload.update({
        collection: 'bookings',
        id: bookingId,
        data: {
          status: 'cancelled',
          cancelledAt: now.toISOString(),
          cancellationReason: 'The hold expired before payment',
          refundDue: 0,
          // Nothing is owed on a cancelled booking, as for any other cancellation.
          balanceDue: 0,
        },
        depth: 0,
        overrideAccess: true,
        req,
      })
      return true
    })
  } catch (err) {
    payload.logger.error({ err, msg: 'could not expire a booking hold', bookingId })
    return false
  }
}

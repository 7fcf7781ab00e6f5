import { sql } from '@payloadcms/db-postgres'
import { APIError, type PayloadRequest } from 'payload'

import { env } from '@/config/env'
import { transactionDb } from '@/db/transaction'
import { formatKolkataDateTime, minutesAfter } from '@/shared/time'

/** Unpaid bookings of one batch a trekker may let go of in a day before the next must wait. */
export const UNPAID_HOLDS_PER_DAY = 3

const DAY_MS = 24 * 60 * 60 * 1000

type EndedUnpaidHolds = {
  count: number
  /** The latest `holdExpiresAt` among them: when the seat they held was due back. */
  latestExpiry: Date | null
  /** When the oldest of them ended; the cap lifts a day after that. */
  oldestEnd: Date | null
}

/**
 * The trekker's bookings of this batch that ended unpaid since `since`: cancelled by the
 * trekker themselves or by the hold-expiry run (which names no one). A booking with money
 * paid is a customer's, not a hold, and one the desk cancelled was the desk's decision.
 * Read through the index on bookings.user_id (a trekker has few bookings).
 */
async function endedUnpaidHolds(
  req: PayloadRequest,
  userId: number,
  batchId: number,
  since: Date,
): Promise<EndedUnpaidHolds> {
  const db = await transactionDb(req)
  const { rows } = await db.execute(sql`
    SELECT count(*)::int AS count, max(hold_expires_at) AS latest_expiry,
           min(cancelled_at) AS oldest_end
    FROM bookings
    WHERE user_id = ${userId} AND batch_id = ${batchId} AND status = 'cancelled'
      AND coalesce(amount_paid, 0) = 0
      AND cancelled_at > ${since.toISOString()}::timestamptz
      AND (cancelled_by_id IS NULL OR cancelled_by_id = ${userId})`)
  const row = rows[0] ?? {}
  return {
    count: Number(row.count ?? 0),
    latestExpiry: row.latest_expiry ? new Date(row.latest_expiry as string) : null,
    oldestEnd: row.oldest_end ? new Date(row.oldest_end as string) : null,
  }
}

/**
 * When the hold of a trekker's new booking on a batch runs out. Cancelling an unpaid booking
 * and booking again must not restart the clock, or a script keeps a seat from paying
 * customers forever: the new booking keeps the earlier hold's expiry while that is still
 * ahead. Once it has passed a fresh hold is fair (a failed payment, a change of mind), but
 * only UNPAID_HOLDS_PER_DAY times a day per batch; after that the trekker waits (429 with
 * Retry-After) or pays. Call under the batch's lock: every booking, cancellation and expiry
 * on the batch takes it first, so two bookings at once cannot both see the count below the cap.
 */
export async function trekkerHoldExpiry(
  req: PayloadRequest,
  userId: number,
  batchId: number,
  now: Date,
): Promise<Date> {
  const ended = await endedUnpaidHolds(req, userId, batchId, new Date(now.getTime() - DAY_MS))
  if (ended.count >= UNPAID_HOLDS_PER_DAY && ended.oldestEnd) {
    const allowedAt = new Date(ended.oldestEnd.getTime() + DAY_MS)
    const seconds = Math.max(1, Math.ceil((allowedAt.getTime() - now.getTime()) / 1000))
    const headers = new Headers(req.responseHeaders)
    headers.set('Retry-After', String(seconds))
    req.responseHeaders = headers
    throw new APIError(
      `You have booked this batch ${ended.count} times in the last 24 hours without paying. ` +
        'Pay for a booking to keep a seat; you can book this batch again after ' +
        `${formatKolkataDateTime(allowedAt)}.`,
      429,
      null,
      true,
    )
  }

  const fresh = minutesAfter(now, env.bookingHoldMinutes)
  if (ended.latestExpiry && ended.latestExpiry > now && ended.latestExpiry < fresh) {
    return ended.latestExpiry
  }
  return fresh
}

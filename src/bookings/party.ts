import { sql, type SQL } from '@payloadcms/db-postgres/drizzle'
import type { Where } from 'payload'

import { BUSINESS_TIME_ZONE, kolkataDay, startOfKolkataDay } from '@/shared/time'

/**
 * Who is one of a departure's party: the one definition behind SOS routing
 * (findTrekkerBatch), trip journals and the pre-trek reminders, and behind who, cancelled on the
 * way, stays on the guide's roster and holds up an erasure (the roster also lists live unpaid
 * holds, as the booking desk sees them), each spelled below in the form its reader needs (a
 * predicate, a Payload `where`, SQL) so that they cannot drift apart.
 *
 * A booking counts when it is confirmed or completed; when it is pending with money paid (a
 * desk deposit keeps the seat for good: review round 27); or when it had money paid and was
 * cancelled on or after the departure's first Kolkata day (sent down, or the departure called
 * off on the way: its trekker set out and may still be coming down). An unpaid hold counts for
 * nothing, even one dropped on the first day (review rounds 23 and 27: a stranger's hold routed
 * an SOS to the guide).
 */
type BookingState = {
  status?: string | null
  amountPaid?: number | string | null
  cancelledAt?: string | Date | null
}

const paid = (booking: BookingState) => Number(booking.amountPaid ?? 0) > 0

/** The start of a departure's first day by the Kolkata calendar. */
export const firstDayStarts = (startDate: string | Date) => startOfKolkataDay(kolkataDay(startDate))

/** The start of today by the Kolkata calendar: a trek ending on or after it is not over. */
export const startOfTodayInKolkata = (now = new Date()) =>
  startOfKolkataDay(kolkataDay(now)).toISOString()

/** A seat kept by a desk deposit: pending, with money paid. */
export const depositHeld = (booking: BookingState) => booking.status === 'pending' && paid(booking)

/** A seat held with nothing paid: it proves nothing about who will be on the mountain. */
export const unpaidHold = (booking: BookingState) => booking.status === 'pending' && !paid(booking)

/** Money paid, and cancelled on or after the departure's first Kolkata day. */
export const cancelledOnTheWay = (booking: BookingState, startDate: string | Date) =>
  booking.status === 'cancelled' &&
  paid(booking) &&
  Boolean(booking.cancelledAt) &&
  new Date(booking.cancelledAt!) >= firstDayStarts(startDate)

/** `depositHeld` as a Payload `where`. */
export const depositHeldWhere: Where = {
  and: [{ status: { equals: 'pending' } }, { amountPaid: { greater_than: 0 } }],
}

/** The party of a departure starting at `startDate`, as a Payload `where` on bookings. */
export const partyWhere = (startDate: string | Date): Where => ({
  or: [
    { status: { in: ['confirmed', 'completed'] } },
    depositHeldWhere,
    {
      and: [
        { status: { equals: 'cancelled' } },
        { amountPaid: { greater_than: 0 } },
        { cancelledAt: { greater_than_equal: firstDayStarts(startDate).toISOString() } },
      ],
    },
  ],
})

/**
 * `cancelledOnTheWay`, as SQL, of a trek whose last day is not over: its trekker may still be
 * coming down the mountain. `booking` and `batch` are the query's aliases of the bookings and
 * batches tables.
 */
export function cancelledOnTheWayAndStillOut(
  booking: string,
  batch: string,
  now = new Date(),
): SQL {
  const today = startOfTodayInKolkata(now)
  const b = sql.raw(booking)
  const t = sql.raw(batch)
  return sql`(${b}.status = 'cancelled' and coalesce(${b}.amount_paid, 0) > 0
    and ${t}.end_date >= ${today}
    and ${b}.cancelled_at >= (date_trunc('day', ${t}.start_date at time zone ${BUSINESS_TIME_ZONE})
      at time zone ${BUSINESS_TIME_ZONE}))`
}

import type { PayloadRequest } from 'payload'

import { queryRows, sql } from '@/shared/sql'

import { PRE_TREK_REMINDER, preTrekReminderWithdrawn } from '../reminders/reminderStillDue'

type Queued = { key: string; template: string; booking_id: number | null }

/**
 * A "booking confirmed" mail or text held back by a failed try (a relay's 451, an SMS outage)
 * and retried after the trekker cancelled told them the cancelled booking was confirmed, after
 * the cancellation's own mail (review round 35). Read just before the send, without a lock.
 */
async function confirmationWithdrawn(req: PayloadRequest, delivery: Queued) {
  if (!delivery.booking_id) {
    return 'the booking is gone'
  }
  const [booking] = await queryRows<{ status: string }>(
    req,
    sql`select status from bookings where id = ${delivery.booking_id}`,
  )
  if (!booking) {
    return 'the booking is gone'
  }
  return booking.status === 'cancelled' ? 'the booking was cancelled since' : null
}

/**
 * Why a queued message about a booking must not go out now, or null when it still may: what it
 * says is no longer true. Receipts and cancellations stay true whatever follows.
 */
export async function withdrawnBeforeSending(
  req: PayloadRequest,
  delivery: Queued,
): Promise<string | null> {
  switch (delivery.template) {
    case PRE_TREK_REMINDER:
      return preTrekReminderWithdrawn(req, delivery)
    case 'booking_confirmed':
      return confirmationWithdrawn(req, delivery)
    default:
      return null
  }
}

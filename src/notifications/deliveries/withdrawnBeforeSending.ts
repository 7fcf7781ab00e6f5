import type { PayloadRequest } from 'payload'

import { queryRows, sql } from '@/shared/sql'

import { PRE_TREK_REMINDER, preTrekReminderWithdrawn } from '../reminders/reminderStillDue'

type Queued = {
  key: string
  template: string
  booking_id: number | null
  incident_id: number | null
}

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
 * An SOS alert held back by a failed try (an SMS outage) and retried after the desk resolved
 * the SOS (a false alarm) told the family of an emergency already over, with nothing after it
 * saying so (review round 35). One not yet resolved always goes: acknowledged is still on. So
 * does one whose trekker has another SOS still open: a repeat SOS spares the contacts the
 * earlier one is alerting, so resolving the earlier as a duplicate of the real one withdrew
 * the only texts about it (review round 41).
 */
async function sosAlertWithdrawn(req: PayloadRequest, delivery: Queued) {
  if (!delivery.incident_id) {
    return null
  }
  const [incident] = await queryRows<{ status: string; another_open: boolean }>(
    req,
    sql`select i.status, exists (
          select 1 from incidents other
          where other.trekker_id = i.trekker_id and other.id <> i.id
            and other.status in ('open', 'acknowledged')) as another_open
        from incidents i where i.id = ${delivery.incident_id}`,
  )
  return incident?.status === 'resolved' && !incident.another_open
    ? 'the SOS was resolved before this alert went out'
    : null
}

/**
 * Why a queued message about a booking or an SOS must not go out now, or null when it still may: what it
 * says is no longer true. Cancellations stay true whatever follows.
 */
export async function withdrawnBeforeSending(
  req: PayloadRequest,
  delivery: Queued,
): Promise<string | null> {
  switch (delivery.template) {
    case PRE_TREK_REMINDER:
      return preTrekReminderWithdrawn(req, delivery)
    case 'booking_confirmed':
    case 'payment_received':
      // A receipt retried after the cancellation said "Balance due" of a booking that owes
      // nothing (round 35's note); the cancellation's mail says what is refunded.
      return confirmationWithdrawn(req, delivery)
    case 'sos_alert':
      return sosAlertWithdrawn(req, delivery)
    default:
      return null
  }
}

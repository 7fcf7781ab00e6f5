import type { PayloadRequest } from 'payload'

import { depositHeld } from '@/bookings/party'
import { queryRows, sql } from '@/shared/sql'
import { kolkataDay } from '@/shared/time'

export const PRE_TREK_REMINDER = 'pre_trek_reminder'

/** The delivery key of one reminder: booking, the start day it was written for, days ahead. */
export const preTrekReminderKey = (bookingId: number, startDay: string, daysBefore: number) =>
  `${PRE_TREK_REMINDER}:${bookingId}:${startDay}:${daysBefore}`

const startDayOfKey = (key: string) => key.split(':')[2]

type Departure = {
  booking_status: string
  amount_paid: string | number | null
  batch_status: string
  start_date: string | Date
}

/**
 * Why a pre-trek reminder queued earlier must not go out now, or null when it still may. It
 * was queued for a confirmed booking (or one with a deposit paid) of a departure on a given
 * day; a cancellation, a call-off or a moved start since then (a mail outage can hold it for an hour, a backed-up
 * queue longer) would have it tell a trekker to set out for a trek that is not happening.
 * Read without a lock, just before the send: no row lock is held across a mail provider call.
 */
export async function preTrekReminderWithdrawn(
  req: PayloadRequest,
  delivery: { key: string; booking_id: number | null },
): Promise<string | null> {
  if (!delivery.booking_id) {
    return 'the booking is gone'
  }
  const [departure] = await queryRows<Departure>(
    req,
    sql`select bk.status as booking_status, bk.amount_paid, b.status as batch_status, b.start_date
        from bookings bk join batches b on b.id = bk.batch_id
        where bk.id = ${delivery.booking_id}`,
  )
  if (!departure) {
    return 'the booking is gone'
  }
  if (departure.batch_status === 'cancelled') {
    return 'the departure was called off'
  }
  const booking = { status: departure.booking_status, amountPaid: departure.amount_paid }
  if (departure.booking_status !== 'confirmed' && !depositHeld(booking)) {
    return `the booking is ${departure.booking_status}`
  }
  if (kolkataDay(departure.start_date) !== startDayOfKey(delivery.key)) {
    return 'the departure was moved to another day'
  }
  return null
}

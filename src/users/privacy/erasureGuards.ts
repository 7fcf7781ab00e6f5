import { APIError, type PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { readDb } from '@/db/transaction'
import { cancelledOnTheWayAndStillOut, depositHeld, startOfTodayInKolkata } from '@/bookings/party'

type BookingBlocking = { id: number; status: string; amount_paid: string | number | null }

function whyStillBooked(booking: BookingBlocking): string {
  if (depositHeld({ status: booking.status, amountPaid: booking.amount_paid })) {
    // A deposit's seat is kept for good: no hold expires (review round 26's note).
    return (
      `Booking ${booking.id} holds its seat by a deposit, with a balance still due. ` +
      'Cancel it before erasing the account; once its trek has begun, our support team can settle or cancel it.'
    )
  }
  switch (booking.status) {
    case 'pending':
      return `Booking ${booking.id} is still pending payment. Cancel it (or let its hold expire) before erasing the account.`
    case 'confirmed':
      return `Booking ${booking.id} is a confirmed trek that has not ended yet. Erase the account after the trek, or cancel the booking first.`
    default:
      return `Booking ${booking.id} was cancelled while its trek was under way, and the trekker may still be coming down. Erase the account after the trek's last day.`
  }
}

/**
 * Erasure must not strand a trekker on a mountain: while a trek is booked and not over, or an
 * SOS is still being handled, ops need the name, phone and emergency contacts. Nor may it leave
 * finance with money to hand back and nobody to hand it to: a refund of a desk payment is paid
 * back by hand until finance records the payout (review round 22). 409 says why.
 */
export async function refuseWhileStillNeeded(req: PayloadRequest, userId: number) {
  const db = await readDb(req)
  // A trek is over at the end of its last day by the Kolkata calendar, as the SOS routing
  // counts it (findTrekkerBatch), not at the instant stored as its end. A booking cancelled on
  // or after its first day (sent down, or the departure called off on the way) leaves its
  // trekker coming down the mountain until then (review round 25).
  const { rows: bookings } = await db.execute(sql`
    select b.id, b.status, b.amount_paid from bookings b join batches t on t.id = b.batch_id
    where b.user_id = ${userId}
      and (
        b.status = 'pending'
        or (b.status = 'confirmed' and t.end_date >= ${startOfTodayInKolkata()})
        or ${cancelledOnTheWayAndStillOut('b', 't')}
      )
    order by b.id limit 1`)
  if (bookings.length > 0) {
    throw new APIError(whyStillBooked(bookings[0] as BookingBlocking), 409, null, true)
  }

  // A desk payment (no Razorpay payment) has no card to refund to: finance needs the trekker.
  const { rows: owed } = await db.execute(sql`
    select p.booking_id from payments p
    join bookings b on b.id = p.booking_id
    join payments_refunds r on r._parent_id = p.id
    where b.user_id = ${userId} and p.razorpay_payment_id is null
      and r.status in ('queued', 'pending')
    order by p.booking_id limit 1`)
  if (owed.length > 0) {
    throw new APIError(
      `A refund on booking ${owed[0].booking_id} is still owed and is paid back by hand. The account can be erased once finance has paid it.`,
      409,
      null,
      true,
    )
  }

  const { rows: incidents } = await db.execute(sql`
    select id from incidents
    where trekker_id = ${userId} and status in ('open', 'acknowledged')
    order by id limit 1`)
  if (incidents.length > 0) {
    throw new APIError(
      `SOS incident ${incidents[0].id} is still open. The account can be erased once it is resolved.`,
      409,
      null,
      true,
    )
  }
}

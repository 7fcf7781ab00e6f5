import type { PayloadRequest } from 'payload'

import type { Booking } from '@/payload-types'

import { sumRupees } from './money'

/**
 * The two places where payments change a booking. They stand in for the bookings
 * domain's own functions until that domain exports them; each caller goes through
 * this file only, so switching is one line per function (see the report).
 */

export type BookingMoney = Pick<
  Booking,
  'id' | 'status' | 'finalAmount' | 'amountPaid' | 'balanceDue'
>

/** What is still owed on a booking, from its own fields. */
export function balanceDueOf(booking: BookingMoney): number {
  if (typeof booking.balanceDue === 'number') {
    return booking.balanceDue
  }
  return Math.max(0, sumRupees(booking.finalAmount, -(booking.amountPaid ?? 0)))
}

/**
 * Adds a captured payment to the booking inside the caller's transaction: amountPaid
 * grows, balanceDue shrinks, and a fully paid pending booking is confirmed.
 * Stand-in for `applyPaymentToBooking` from '@/bookings' (which also awards points).
 */
export async function recordCapturedPayment(args: {
  bookingId: number | string
  amount: number
  req: PayloadRequest
}): Promise<Booking> {
  const { bookingId, amount, req } = args
  const booking = await req.payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    req,
  })
  const amountPaid = sumRupees(booking.amountPaid, amount)
  const balanceDue = Math.max(0, sumRupees(booking.finalAmount, -amountPaid))
  const confirm = balanceDue === 0 && booking.status === 'pending'
  return req.payload.update({
    collection: 'bookings',
    id: bookingId,
    data: { amountPaid, balanceDue, ...(confirm ? { status: 'confirmed' } : {}) },
    depth: 0,
    overrideAccess: true,
    req,
  })
}

/**
 * Cancels one booking of a batch that the company called off, inside the caller's
 * transaction. The refund is issued separately (in full: the trekker did not cancel).
 * Stand-in for the bookings domain's cancellation (which also frees the seat and takes
 * points back).
 */
export async function cancelBookingForBatch(args: {
  bookingId: number | string
  reason: string
  req: PayloadRequest
}): Promise<Booking> {
  return args.req.payload.update({
    collection: 'bookings',
    id: args.bookingId,
    data: { status: 'cancelled' },
    depth: 0,
    overrideAccess: true,
    req: args.req,
  })
}

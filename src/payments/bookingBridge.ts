import type { PayloadRequest } from 'payload'

import {
  applyPaymentToBooking,
  cancelLockedBooking,
  lockBooking,
  recordRefundPaid,
} from '@/bookings'
import type { Booking } from '@/payload-types'

import { sumRupees } from './money'
import { amountHeldFor } from './refunds/refundBooking'

/**
 * The places where payments change a booking. They stand in for the bookings
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
 * grows, balanceDue shrinks, a fully paid booking is confirmed and earns its points.
 */
export const recordCapturedPayment = (args: {
  bookingId: number | string
  amount: number
  req: PayloadRequest
}) => applyPaymentToBooking({ ...args, requireEmergencyContact: false })

/**
 * What the trekkers of a departure OBS called off read on their booking and refund. The desk's
 * own reason stays on the batch (`calledOffReason`), for staff.
 */
export const BATCH_CALLED_OFF = 'Departure called off by OBS'

/**
 * Cancels one booking of a batch that the company called off, inside the caller's
 * transaction: frees the seat and takes points back. The trekker did not cancel, so
 * everything OBS still holds of their money is owed back (a goodwill refund already given or
 * under way is part of it); the caller issues that refund.
 */
export async function cancelBookingForBatch(args: {
  bookingId: number | string
  req: PayloadRequest
}): Promise<Booking> {
  const { req } = args
  const locked = await lockBooking(req, Number(args.bookingId))
  if (!locked) {
    throw new Error(`booking ${args.bookingId} vanished while its batch was being cancelled`)
  }
  return cancelLockedBooking({
    req,
    locked,
    reason: BATCH_CALLED_OFF,
    cancelledBy: req.user ? Number(req.user.id) : null,
    refundDue: await amountHeldFor(req, locked.booking),
  })
}

/**
 * Settles a refund Razorpay has processed on its booking, inside the caller's transaction
 * (the booking row already locked): the money moves from `refundDue` to `refundedAmount`.
 * Only what the booking owes is moved; a goodwill or dashboard refund beyond it is on the
 * payment's ledger and leaves the booking's debt, which is nothing, alone. A refund asked for
 * before the booking was cancelled (goodwill) was counted by the cancellation as already
 * given back, so its payout settles none of what the cancellation owes.
 */
export async function recordRefundOnBooking(args: {
  bookingId: number | string
  amount: number
  requestedAt?: string | null
  req: PayloadRequest
}): Promise<void> {
  const { bookingId, requestedAt, req } = args
  const booking = await req.payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (booking.cancelledAt && requestedAt && new Date(requestedAt) < new Date(booking.cancelledAt)) {
    return
  }
  const settled = Math.min(args.amount, booking.refundDue ?? 0)
  if (settled > 0) {
    await recordRefundPaid({ bookingId, amount: settled, req })
  }
}

import type { PayloadRequest } from 'payload'

import {
  applyPaymentToBooking,
  cancelLockedBooking,
  lockBooking,
  queuePaymentReceipt,
  recordRefundPaid,
} from '@/bookings'
import type { Booking } from '@/payload-types'

import { sumRupees } from './money'
import type { RefundEntry } from './refunds/ledger'
import { amountHeldFor } from './refunds/refundBooking'
import { isBookingsOwnRefund } from './refunds/reissue'

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

/** The trekker's receipt for a captured payment, unless it confirmed the booking. */
export { queuePaymentReceipt }

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
 * Settles a refund that has been paid (processed by Razorpay, or paid by hand) on its booking,
 * inside the caller's transaction (the booking row already locked): the money moves from
 * `refundDue` to `refundedAmount`, up to what the booking owes. Only the booking's own refunds
 * settle it: its cancellation's or call-off's, and finance's re-issue of one Razorpay refused
 * (recorded as the cancellation's, reissuesCancellationRefund). A late, duplicate or excess
 * payment's automatic refund, a goodwill refund and one made in Razorpay's dashboard stay on
 * the payment's ledger, whenever they were asked for and whichever is paid first: settling
 * `refundDue` with them would show the policy refund paid while it is not (review round 22).
 */
export async function recordRefundOnBooking(args: {
  bookingId: number | string
  amount: number
  source: RefundEntry['source']
  req: PayloadRequest
}): Promise<void> {
  const { bookingId, req } = args
  if (!isBookingsOwnRefund(args)) {
    return
  }
  const booking = await req.payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const settled = Math.min(args.amount, booking.refundDue ?? 0)
  if (settled > 0) {
    await recordRefundPaid({ bookingId, amount: settled, req })
  }
}

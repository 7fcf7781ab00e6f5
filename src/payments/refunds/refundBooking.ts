import type { PayloadRequest } from 'payload'

import type { Booking } from '@/payload-types'

import { sumRupees } from '../money'
import { bookingRefundableAmount } from './ledger'
import { requestRefund, type RefundSource } from './requestRefund'

export type BookingRefund = {
  total: number
  refunds: Array<{ paymentId: number; amount: number; refundId: string }>
}

/**
 * Refunds up to `amount` rupees (everything refundable when absent) of what a booking's
 * successful payments paid for it (bookingRefundableAmount), newest payment first, inside the
 * caller's transaction.
 * The booking's cancellation calls this with the policy's refundDue.
 */
export async function refundBookingPayments(args: {
  bookingId: number | string
  amount?: number
  reason: string
  source?: RefundSource
  req: PayloadRequest
}): Promise<BookingRefund> {
  const { bookingId, reason, req } = args
  let remaining = args.amount
  const result: BookingRefund = { total: 0, refunds: [] }
  for (const payment of await successfulPayments(req, bookingId)) {
    const refundable = bookingRefundableAmount(payment)
    const share = remaining === undefined ? refundable : Math.min(refundable, remaining)
    if (share <= 0) {
      continue
    }
    const { refund } = await requestRefund({
      paymentId: payment.id,
      amount: share,
      reason,
      source: args.source ?? 'cancellation',
      req,
    })
    result.refunds.push({ paymentId: payment.id, amount: share, refundId: refund.id! })
    result.total = sumRupees(result.total, share)
    if (remaining !== undefined) {
      remaining = sumRupees(remaining, -share)
    }
  }
  return result
}

/**
 * What OBS still holds of a booking's money: what its successful payments paid for it less
 * every refund given or under way on that (a goodwill refund included), never more than the
 * booking was paid. Read under the booking's lock, which every refund request takes first, so
 * no refund slips in between.
 */
export async function amountHeldFor(
  req: PayloadRequest,
  booking: Pick<Booking, 'id' | 'amountPaid'>,
): Promise<number> {
  const payments = await successfulPayments(req, booking.id)
  const held = sumRupees(...payments.map(bookingRefundableAmount))
  return Math.min(held, booking.amountPaid ?? 0)
}

function successfulPayments(req: PayloadRequest, bookingId: number | string) {
  return req.payload
    .find({
      collection: 'payments',
      where: { booking: { equals: bookingId }, status: { equals: 'success' } },
      sort: '-createdAt',
      pagination: false,
      depth: 0,
      req,
    })
    .then((found) => found.docs)
}

/**
 * The refund owed when a paid booking is cancelled under the cancellation policy.
 * Called by the bookings domain's cancel with the policy's `refundDue`, inside its
 * transaction; returns what was queued.
 */
export function refundForCancellation(args: {
  bookingId: number | string
  refundDue: number
  reason: string
  req: PayloadRequest
}): Promise<BookingRefund> {
  if (args.refundDue <= 0) {
    return Promise.resolve({ total: 0, refunds: [] })
  }
  return refundBookingPayments({ ...args, amount: args.refundDue, source: 'cancellation' })
}

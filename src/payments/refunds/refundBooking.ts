import type { PayloadRequest } from 'payload'

import { sumRupees } from '../money'
import { refundableAmount } from './ledger'
import { requestRefund, type RefundSource } from './requestRefund'

export type BookingRefund = {
  total: number
  refunds: Array<{ paymentId: number; amount: number; refundId: string }>
}

/**
 * Refunds up to `amount` rupees (everything refundable when absent) of a booking's
 * successful payments, newest payment first, inside the caller's transaction.
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
  const payments = await req.payload.find({
    collection: 'payments',
    where: { booking: { equals: bookingId }, status: { equals: 'success' } },
    sort: '-createdAt',
    pagination: false,
    depth: 0,
    req,
  })
  let remaining = args.amount
  const result: BookingRefund = { total: 0, refunds: [] }
  for (const payment of payments.docs) {
    const refundable = refundableAmount(payment)
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

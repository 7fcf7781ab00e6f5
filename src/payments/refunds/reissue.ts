import type { PayloadRequest } from 'payload'

import type { Payment } from '@/payload-types'

import { sumRupees } from '../money'
import { automaticRefundAwaitingReissue, bookingRefundableAmount, type RefundEntry } from './ledger'

/** The refunds that are the booking's own: its cancellation's, or its departure's call-off's. */
export function isBookingsOwnRefund(refund: Pick<RefundEntry, 'source'>): boolean {
  return refund.source === 'cancellation' || refund.source === 'batch_cancellation'
}

/**
 * Whether a refund finance asks for now on `payment` issues again the cancellation's refund,
 * which Razorpay refused: the booking is cancelled and part of what it still owes back
 * (`refundDue`) is under way on none of its payments (no queued or pending refund of the
 * cancellation holds it). Such a refund is recorded as the cancellation's, so its payout
 * settles the booking's `refundDue`; any other refund (goodwill, given while the
 * cancellation's refund is still under way or once it is paid) stays on the payment (review
 * round 22). Nor is a refund on a payment that holds none of the booking's money, or one whose
 * failed automatic refund (a duplicate, late or excess payment's) finance has not yet issued
 * again: that refund comes first, and it is never the booking's (review round 24). Read under
 * the booking's lock, which every refund request takes before the payment.
 */
export async function reissuesCancellationRefund(
  req: PayloadRequest,
  payment: Pick<Payment, 'booking' | 'amount' | 'refunds'>,
): Promise<boolean> {
  if (automaticRefundAwaitingReissue(payment) > 0 || bookingRefundableAmount(payment) <= 0) {
    return false
  }
  const bookingId = typeof payment.booking === 'object' ? payment.booking.id : payment.booking
  const booking = await req.payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  if (!booking || booking.status !== 'cancelled' || !((booking.refundDue ?? 0) > 0)) {
    return false
  }
  const { docs } = await req.payload.find({
    collection: 'payments',
    where: { booking: { equals: bookingId } },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const underWay = docs.flatMap((each) =>
    (each.refunds ?? [])
      .filter((refund) => isBookingsOwnRefund(refund))
      .filter((refund) => refund.status === 'queued' || refund.status === 'pending')
      .map((refund) => refund.amount),
  )
  return sumRupees(booking.refundDue ?? 0, ...underWay.map((amount) => -amount)) > 0
}

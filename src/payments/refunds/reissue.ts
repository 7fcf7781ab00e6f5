import { APIError, type PayloadRequest } from 'payload'

import type { Payment } from '@/payload-types'
import { formatRupees } from '@/shared/formatRupees'

import { sumRupees } from '../money'
import { bookingRefundableAmount, type RefundEntry } from './ledger'

/** The refunds that are the booking's own: its cancellation's, or its departure's call-off's. */
export function isBookingsOwnRefund(refund: Pick<RefundEntry, 'source'>): boolean {
  return refund.source === 'cancellation' || refund.source === 'batch_cancellation'
}

const totalOf = (refunds: RefundEntry[]) => sumRupees(...refunds.map((refund) => refund.amount))

/**
 * What of the payment's refused refunds finance has not yet issued again, by kind. A refund
 * finance asks for is recorded with `requestedBy`; one it asks for as a re-issue of the
 * booking's own refund is labelled as that refund. A staff refund up to what automatic refunds
 * failed is taken as their re-issue, as bookingRefundableAmount reads it.
 */
function awaitingReissue(payment: Pick<Payment, 'refunds'>) {
  const refunds = payment.refunds ?? []
  const failed = refunds.filter((refund) => refund.status === 'failed')
  const standing = refunds.filter((refund) => refund.status !== 'failed')
  const automatic = sumRupees(
    totalOf(failed.filter((refund) => refund.source === 'automatic')),
    -totalOf(standing.filter((refund) => refund.source === 'staff')),
  )
  const bookingsOwn = sumRupees(
    totalOf(failed.filter((refund) => isBookingsOwnRefund(refund) && !refund.requestedBy)),
    -totalOf(standing.filter((refund) => isBookingsOwnRefund(refund) && refund.requestedBy)),
  )
  return { automatic: Math.max(0, automatic), bookingsOwn: Math.max(0, bookingsOwn) }
}

/**
 * A staff refund on a payment holding both kinds of refused refund must be one of them, for its
 * own amount: one refund covering both (or part of either) cannot be told apart, and its payout
 * would settle the booking's `refundDue` wrongly either way (review round 26). 400 naming both.
 */
export function refuseAmbiguousReissue(payment: Pick<Payment, 'refunds'>, amount: number) {
  const { automatic, bookingsOwn } = awaitingReissue(payment)
  if (automatic > 0 && bookingsOwn > 0 && amount !== automatic && amount !== bookingsOwn) {
    throw new APIError(
      `This payment has two refused refunds to issue again: ${formatRupees(automatic)} ` +
        `(a late, duplicate or excess payment's, refunded automatically) and ` +
        `${formatRupees(bookingsOwn)} (the cancellation's). Issue each again on its own, for ` +
        'its amount.',
      400,
      undefined,
      true,
    )
  }
}

/**
 * Which refused refund a staff refund of `amount` issues again, when the payment holds both
 * kinds: the one whose outstanding amount it is exactly (Razorpay refuses refunds together, and
 * finance may issue them again in either order: review round 25); otherwise the automatic one
 * first, as it is never the booking's money (review round 24).
 */
function reissuesBookingsOwn(
  payment: Pick<Payment, 'amount' | 'refunds'>,
  amount: number,
): boolean {
  const awaiting = awaitingReissue(payment)
  if (awaiting.bookingsOwn > 0 && amount === awaiting.bookingsOwn) {
    return true
  }
  if (awaiting.automatic > 0) {
    return false
  }
  return bookingRefundableAmount(payment) > 0
}

/**
 * Whether a refund of `amount` finance asks for now on `payment` issues again the
 * cancellation's refund, which Razorpay refused: the booking is cancelled and part of what it
 * still owes back (`refundDue`) is under way on none of its payments (no queued or pending
 * refund of the cancellation holds it). Such a refund is recorded as the cancellation's, so its
 * payout settles the booking's `refundDue`; any other refund (goodwill, given while the
 * cancellation's refund is still under way or once it is paid) stays on the payment (review
 * round 22). Nor is a refund on a payment that holds none of the booking's money, or the
 * re-issue of a refused automatic refund (a duplicate, late or excess payment's), which is never
 * the booking's (reissuesBookingsOwn). Read under the booking's lock, which every refund request
 * takes before the payment.
 */
export async function reissuesCancellationRefund(
  req: PayloadRequest,
  payment: Pick<Payment, 'booking' | 'amount' | 'refunds'>,
  amount: number,
): Promise<boolean> {
  if (!reissuesBookingsOwn(payment, amount)) {
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

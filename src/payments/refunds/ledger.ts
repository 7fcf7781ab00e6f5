import type { Payment } from '@/payload-types'

import { formatRupees } from '@/shared/formatRupees'

import { sumRupees } from '../money'

export type RefundEntry = NonNullable<Payment['refunds']>[number]

/**
 * Money taken at the desk (cash, bank transfer, a card machine) has no Razorpay payment, so
 * there is nothing to refund through Razorpay: finance pays it back by hand and records that.
 */
export function isPaidBackByHand(payment: Pick<Payment, 'razorpayPaymentId'>): boolean {
  return !payment.razorpayPaymentId
}

/** A refund paid back by hand is owed from its request until finance records the payout. */
export function isOwedByHand(refund: Pick<RefundEntry, 'status'>): boolean {
  return refund.status === 'queued' || refund.status === 'pending'
}

/** The flag that puts a refund to be paid by hand on finance's list. */
export function handRefundFlag(
  payment: Pick<Payment, 'method'>,
  refund: Pick<RefundEntry, 'id' | 'amount'>,
): string {
  return (
    `Refund ${refund.id} of ${formatRupees(refund.amount)} must be paid back by hand: ` +
    `this ${payment.method ?? 'offline'} payment was not taken through Razorpay`
  )
}

/** What may still be refunded: refunds that have not failed already hold their share. */
export function refundableAmount(payment: Pick<Payment, 'amount' | 'refunds'>): number {
  const held = (payment.refunds ?? [])
    .filter((refund) => refund.status !== 'failed')
    .map((refund) => -refund.amount)
  return Math.max(0, sumRupees(payment.amount, ...held))
}

/**
 * What of a payment the booking's own refunds (a cancellation's) may take: the part that paid
 * for the booking, less what was already given back of it. The part refunded automatically (a
 * duplicate, late or excess payment) is never the booking's, even when that refund failed and
 * waits for finance: it is owed back in full by its own flag (review round 20).
 */
export function bookingRefundableAmount(payment: Pick<Payment, 'amount' | 'refunds'>): number {
  const { automatic, givenBack, failedAutomatic } = refundParts(payment)
  // Finance issues a failed automatic refund again by hand (POST /api/payments/:id/refund, as
  // its flag asks): up to what failed, such a refund is that one again, not the booking's money
  // given back (review round 21).
  const ofTheBooking = Math.max(0, sumRupees(givenBack, -failedAutomatic))
  const left = sumRupees(payment.amount, -automatic, -ofTheBooking)
  return Math.max(0, Math.min(left, refundableAmount(payment)))
}

function refundParts(payment: Pick<Payment, 'refunds'>) {
  const refunds = payment.refunds ?? []
  const total = (entries: RefundEntry[]) => sumRupees(...entries.map((refund) => refund.amount))
  const automatic = refunds.filter((refund) => refund.source === 'automatic')
  return {
    automatic: total(automatic),
    failedAutomatic: total(automatic.filter((refund) => refund.status === 'failed')),
    givenBack: total(
      refunds.filter((refund) => refund.source !== 'automatic' && refund.status !== 'failed'),
    ),
  }
}

/**
 * The payment's refund totals as Razorpay has confirmed them: only processed refunds
 * count, and a payment whose whole amount came back is `refunded`.
 */
export function refundTotals(payment: Pick<Payment, 'amount' | 'refunds' | 'status'>) {
  const amountRefunded = sumRupees(
    ...(payment.refunds ?? [])
      .filter((refund) => refund.status === 'processed')
      .map((r) => r.amount),
  )
  const fullyRefunded = amountRefunded > 0 && amountRefunded >= payment.amount
  const status: Payment['status'] =
    fullyRefunded && payment.status === 'success' ? 'refunded' : payment.status
  return { amountRefunded, status }
}

/** Staff flags accumulate: a payment can need attention for more than one reason. */
export function withFlag(payment: Pick<Payment, 'attentionReason'>, reason: string) {
  const previous = payment.attentionReason ? `${payment.attentionReason}\n` : ''
  return { needsAttention: true, attentionReason: `${previous}${reason}` }
}

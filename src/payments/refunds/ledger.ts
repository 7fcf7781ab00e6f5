import type { Payment } from '@/payload-types'

import { sumRupees } from '../money'

export type RefundEntry = NonNullable<Payment['refunds']>[number]

/** What may still be refunded: refunds that have not failed already hold their share. */
export function refundableAmount(payment: Pick<Payment, 'amount' | 'refunds'>): number {
  const held = (payment.refunds ?? [])
    .filter((refund) => refund.status !== 'failed')
    .map((refund) => -refund.amount)
  return Math.max(0, sumRupees(payment.amount, ...held))
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

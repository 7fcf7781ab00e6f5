import { APIError, type PayloadRequest } from 'payload'

import type { Payment } from '@/payload-types'

import { formatRupees } from '@/shared/formatRupees'
import { isOwedByHand, isPaidBackByHand, type RefundEntry, refundableAmount } from './ledger'
import { saveRefund } from './saveRefund'

const refuse = (message: string, status = 400) => new APIError(message, status, undefined, true)

/**
 * The refund entry once its payout is recorded, or a refusal. Checked under the payment row
 * lock (saveRefund), so two finance clicks at once record it once and the second gets 409.
 */
function paidOut(refund: RefundEntry, payment: Payment, reference: string): RefundEntry {
  if (!isPaidBackByHand(payment)) {
    throw refuse("This refund goes back through Razorpay; its state follows Razorpay's events")
  }
  if (refund.status === 'processed') {
    throw refuse('This refund is already recorded as paid', 409)
  }
  // Before desk refunds were held, the refund job recorded them as failed, holding nothing:
  // finance may still record the ones they paid, as long as they fit what is left.
  if (refund.status === 'failed') {
    const left = refundableAmount(payment)
    if (refund.amount > left) {
      throw refuse(`At most ${formatRupees(left)} of this payment can still be refunded`)
    }
  }
  return { ...refund, status: 'processed', failureReason: null, payoutReference: reference }
}

/**
 * Finance records that a refund of a desk payment was paid back by hand (cash at the office,
 * a bank transfer). The refund becomes `processed` and settles on the booking exactly as a
 * refund Razorpay processed does; the reference is kept on the refund and in the payment's staff
 * notes, and the
 * payment leaves finance's list once no refund of it is still owed by hand (a desk payment is
 * flagged for nothing else: late and duplicate payments are Razorpay's).
 */
export async function recordHandRefund(args: {
  paymentId: number
  refundId: string
  reference: string
  req: PayloadRequest
}) {
  const { paymentId, refundId, reference, req } = args
  const recordedOn = new Date().toISOString().slice(0, 10)
  const { payment } = await saveRefund({
    req,
    paymentId,
    match: (refund) => refund.id === refundId,
    change: (refund, payment) => paidOut(refund, payment, reference),
    attention: (before, refunds) => {
      const refund = refunds.find((entry) => entry.id === refundId)!
      const note =
        `Refund ${refundId} of ${formatRupees(refund.amount)} paid back by hand, ` +
        `reference ${reference} (recorded by user ${req.user?.id} on ${recordedOn})`
      return {
        needsAttention: refunds.some(isOwedByHand),
        attentionReason: [before.attentionReason, note].filter(Boolean).join('\n'),
      }
    },
  })
  req.payload.logger.info({ msg: 'refund paid by hand recorded', paymentId, refundId })
  const refund = payment.refunds!.find((entry) => entry.id === refundId)!
  return { payment, refund }
}

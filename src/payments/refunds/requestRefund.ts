import { randomUUID } from 'node:crypto'

import { APIError, type PayloadRequest } from 'payload'

import type { Payment } from '@/payload-types'

import { inTransaction, lockPayment } from '../db'
import { formatRupees } from '@/shared/formatRupees'

import { isRupeeAmount } from '../money'
import { handRefundFlag, isPaidBackByHand, type RefundEntry, refundableAmount } from './ledger'
import { refuseAmbiguousReissue, reissuesCancellationRefund } from './reissue'

export const REFUND_TASK = 'refundRazorpayPayment'

export type RefundSource = RefundEntry['source']

export type RefundRequest = {
  paymentId: number | string
  /** Rupees; everything still refundable when absent. */
  amount?: number
  reason: string
  source: RefundSource
  req: PayloadRequest
  /** Extra staff flag written with the refund (late or duplicate payments). */
  flag?: string
}

/** How long a second identical staff refund of one payment is taken for the first one sent again. */
export const REPEATED_REFUND_WINDOW_MS = 10 * 60 * 1000

const sameReason = (a: string | null | undefined, b: string) =>
  (a ?? '').trim().toLowerCase() === b.trim().toLowerCase()

/**
 * A staff refund (one with `requestedBy`) repeating one requested on the same payment a moment ago (same amount and
 * reason, not failed) is the same request sent twice: a retry after a timeout, the form in two
 * tabs. Refused with 409 naming the earlier refund, so the money goes out once (review round
 * 22). Checked under the payment's lock, which every refund request takes, so two requests
 * sent at once cannot both pass. A refund that failed may be asked again at once.
 */
function refuseRepeatedStaffRefund(payment: Payment, amount: number, reason: string) {
  const since = Date.now() - REPEATED_REFUND_WINDOW_MS
  const earlier = (payment.refunds ?? []).find(
    (refund) =>
      Boolean(refund.requestedBy) &&
      refund.status !== 'failed' &&
      refund.amount === amount &&
      sameReason(refund.reason, reason) &&
      refund.requestedAt &&
      new Date(refund.requestedAt).getTime() >= since,
  )
  if (earlier) {
    throw new APIError(
      `Refund ${earlier.id} of ${formatRupees(amount)} with the same reason was requested on ` +
        'this payment a few minutes ago. Check the payment before asking again.',
      409,
      undefined,
      true,
    )
  }
}

/**
 * Reserves a refund on a payment and queues the Razorpay call, inside the caller's
 * transaction: the job exists only if the reservation commits, and the payment row lock
 * keeps two concurrent requests from refunding more than was paid. A desk payment's refund
 * has no Razorpay call: it is reserved as `pending` (owed by hand) and flagged for finance,
 * who record the payout (recordHandRefund).
 */
export async function requestRefund(
  request: RefundRequest,
): Promise<{ payment: Payment; refund: RefundEntry }> {
  const { paymentId, reason, source, req, flag } = request
  return inTransaction(req, async () => {
    // The domain's lock order (batch, booking, payment): the payment's update takes it too.
    await lockPayment(req, paymentId)
    const payment = await req.payload.findByID({
      collection: 'payments',
      id: paymentId,
      depth: 0,
      req,
    })
    if (payment.status !== 'success') {
      throw new APIError(
        payment.status === 'refunded'
          ? 'This payment has already been refunded in full'
          : 'Only a successful payment can be refunded',
        400,
        undefined,
        true,
      )
    }

    const refundable = refundableAmount(payment)
    if (request.amount === undefined && refundable <= 0) {
      // Asked for "the rest" when earlier refunds (some still under way) hold it all: say so,
      // not that an amount nobody sent is too small (review round 32's note).
      throw new APIError(
        'Nothing is left to refund on this payment: earlier refunds hold all of it',
        400,
        undefined,
        true,
      )
    }
    const amount = request.amount ?? refundable
    if (!isRupeeAmount(amount)) {
      throw new APIError(
        'Refund amount must be at least ₹0.01, in rupees with at most two decimals',
        400,
        undefined,
        true,
      )
    }
    if (amount > refundable) {
      throw new APIError(
        `At most ${formatRupees(refundable)} of this payment can still be refunded`,
        400,
        undefined,
        true,
      )
    }

    if (source === 'staff') {
      refuseRepeatedStaffRefund(payment, amount, reason)
      refuseAmbiguousReissue(payment, amount)
    }

    const byHand = isPaidBackByHand(payment)
    const byStaff = source === 'staff'
    const refund: RefundEntry = {
      id: randomUUID(),
      amount,
      status: byHand ? 'pending' : 'queued',
      // Finance issuing again a cancellation refund Razorpay refused: it is the cancellation's.
      source:
        byStaff && (await reissuesCancellationRefund(req, payment, amount))
          ? 'cancellation'
          : source,
      reason,
      requestedAt: new Date().toISOString(),
      requestedBy: byStaff && req.user ? (req.user.id as number) : null,
    }
    const flags = [flag, byHand ? handRefundFlag(payment, refund) : undefined].filter(Boolean)
    const flagFields =
      flags.length > 0
        ? {
            needsAttention: true,
            attentionReason: [payment.attentionReason, ...flags].filter(Boolean).join('\n'),
          }
        : {}
    const updated = await req.payload.update({
      collection: 'payments',
      id: paymentId,
      data: { refunds: [...(payment.refunds ?? []), refund], ...flagFields },
      depth: 0,
      overrideAccess: true,
      req,
    })
    if (!byHand) {
      await req.payload.jobs.queue({
        task: REFUND_TASK,
        input: { paymentId: Number(paymentId), refundId: refund.id! },
        req,
      })
    }
    req.payload.logger.info({
      msg: byHand ? 'refund owed by hand' : 'refund queued',
      paymentId,
      refundId: refund.id,
      amount,
      source: refund.source,
    })
    return { payment: updated, refund }
  })
}

import type { PayloadRequest } from 'payload'

import { toRupees } from '../money'
import type { RazorpayRefund } from '../razorpay/types'
import { saveRefund } from '../refunds/saveRefund'

export type EventResult = {
  outcome: string
  paymentId?: number
  note?: string
  /** A refund of a payment OBS does not know yet, kept to apply when it is recorded. */
  earlyRefund?: RazorpayRefund
}

/** The note of a refund event whose payment OBS did not know; found by it again later. */
export const unmatchedRefundNote = (razorpayPaymentId: string) =>
  `No payment of ours is ${razorpayPaymentId}`

export async function onRefund(
  req: PayloadRequest,
  eventId: string,
  refund: RazorpayRefund,
  status: 'processed' | 'failed',
): Promise<EventResult> {
  const found = await req.payload.find({
    collection: 'payments',
    where: { razorpayPaymentId: { equals: refund.payment_id } },
    limit: 1,
    depth: 0,
    req,
  })
  const payment = found.docs[0]
  if (!payment) {
    // Kept whole: the capture may reach OBS later (a delayed webhook), and the refund is then
    // applied to it (applyEarlyRefunds). Settled as done, it was lost (review round 36).
    return {
      outcome: 'unmatched',
      note: unmatchedRefundNote(refund.payment_id),
      earlyRefund: refund,
    }
  }
  const ourId = Array.isArray(refund.notes) ? undefined : refund.notes?.refundId
  const { changed } = await saveRefund({
    req,
    paymentId: payment.id,
    // Our job may not have recorded Razorpay's id yet; the note we sent identifies the entry.
    match: (entry) =>
      entry.razorpayRefundId === refund.id || (Boolean(ourId) && entry.id === ourId),
    change: (entry) => {
      if (entry.status === status || entry.status === 'processed') {
        return null
      }
      return {
        ...entry,
        razorpayRefundId: refund.id,
        status,
        failureReason: status === 'failed' ? 'Razorpay reported the refund as failed' : null,
      }
    },
    whenMissing: {
      amount: toRupees(refund.amount),
      status: 'pending',
      source: 'razorpay',
      reason: 'Refund made outside OBS (Razorpay dashboard)',
      razorpayRefundId: refund.id,
      requestedAt: new Date().toISOString(),
    },
    flag:
      status === 'failed'
        ? `Refund ${refund.id} failed at Razorpay; issue it again or pay back by hand`
        : undefined,
    eventId,
  })
  return { outcome: changed ? 'applied' : 'ignored', paymentId: payment.id }
}

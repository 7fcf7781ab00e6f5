import type { PayloadRequest } from 'payload'

import type { CaptureResult } from './capture'
import { inTransaction, lockPayment } from './db'
import { eventsWith, findOrderPayment } from './orderPayment'

/** A failed attempt; never moves a payment that already succeeded back to failed. */
export async function applyFailedPayment(input: {
  orderId: string
  razorpayPaymentId: string
  reason?: string | null
  method?: string | null
  eventId?: string
  req: PayloadRequest
}): Promise<CaptureResult> {
  const { orderId, razorpayPaymentId, reason, method, eventId, req } = input
  return inTransaction(req, async () => {
    const orderRow = await findOrderPayment(req, orderId)
    if (!orderRow) {
      return { outcome: 'unmatched', note: `No payment of ours has order ${orderId}` }
    }
    // The domain's lock order (batch, booking, payment): the payment's update takes it too.
    await lockPayment(req, orderRow.id)
    const payment = await req.payload.findByID({
      collection: 'payments',
      id: orderRow.id,
      depth: 0,
      req,
    })
    if (payment.status !== 'pending' && payment.status !== 'failed') {
      return {
        outcome: 'already_applied',
        payment,
        note: 'Failure reported after the payment succeeded; ignored',
      }
    }
    const failed = await req.payload.update({
      collection: 'payments',
      id: payment.id,
      data: {
        status: 'failed',
        razorpayPaymentId,
        method: method ?? payment.method,
        failureReason: reason ?? 'Payment failed',
        razorpayEventIds: eventsWith(payment, eventId),
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return { outcome: 'applied', payment: failed }
  })
}

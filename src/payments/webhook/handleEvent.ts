import type { PayloadRequest } from 'payload'

import { applyCapturedPayment } from '../capture'
import { applyFailedPayment } from '../failure'
import { toRupees } from '../money'
import type { RazorpayPaymentEntity, RazorpayRefund, RazorpayWebhookEvent } from '../razorpay/types'
import { saveRefund } from '../refunds/saveRefund'

export type EventResult = { outcome: string; paymentId?: number; note?: string }

const paidAtOf = (payment: RazorpayPaymentEntity) =>
  payment.created_at ? new Date(payment.created_at * 1000) : undefined

async function onCaptured(
  req: PayloadRequest,
  eventId: string,
  payment: RazorpayPaymentEntity,
): Promise<EventResult> {
  if (!payment.order_id) {
    return { outcome: 'unmatched', note: `Payment ${payment.id} has no order` }
  }
  const result = await applyCapturedPayment({
    orderId: payment.order_id,
    razorpayPaymentId: payment.id,
    amountPaise: payment.amount,
    currency: payment.currency,
    method: payment.method,
    paidAt: paidAtOf(payment),
    eventId,
    req,
  })
  return asEventResult(result)
}

/** A payment already applied (by verify or an earlier event) is a no-op for this event. */
function asEventResult(result: {
  outcome: string
  payment?: { id: number | string } | null
  note?: string
}): EventResult {
  return {
    outcome: (result.outcome === 'already_applied'
      ? 'ignored'
      : result.outcome) as EventResult['outcome'],
    paymentId: result.payment?.id as EventResult['paymentId'],
    note: result.note,
  }
}

async function onFailed(
  req: PayloadRequest,
  eventId: string,
  payment: RazorpayPaymentEntity,
): Promise<EventResult> {
  if (!payment.order_id) {
    return { outcome: 'unmatched', note: `Payment ${payment.id} has no order` }
  }
  const result = await applyFailedPayment({
    orderId: payment.order_id,
    razorpayPaymentId: payment.id,
    reason: payment.error_description,
    method: payment.method,
    eventId,
    req,
  })
  return asEventResult(result)
}

async function onRefund(
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
    return { outcome: 'unmatched', note: `No payment of ours is ${refund.payment_id}` }
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

/** Applies one verified, not yet seen Razorpay event; unknown events are acknowledged and ignored. */
export async function handleEvent(
  req: PayloadRequest,
  eventId: string,
  event: RazorpayWebhookEvent,
): Promise<EventResult> {
  const payment = event.payload?.payment?.entity
  const refund = event.payload?.refund?.entity
  switch (event.event) {
    case 'payment.captured':
    case 'order.paid':
      return payment
        ? onCaptured(req, eventId, payment)
        : { outcome: 'ignored', note: 'No payment entity' }
    case 'payment.failed':
      return payment
        ? onFailed(req, eventId, payment)
        : { outcome: 'ignored', note: 'No payment entity' }
    case 'refund.processed':
      return refund
        ? onRefund(req, eventId, refund, 'processed')
        : { outcome: 'ignored', note: 'No refund entity' }
    case 'refund.failed':
      return refund
        ? onRefund(req, eventId, refund, 'failed')
        : { outcome: 'ignored', note: 'No refund entity' }
    default:
      return { outcome: 'ignored', note: `Event ${event.event} is not handled` }
  }
}

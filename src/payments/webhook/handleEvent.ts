import type { PayloadRequest } from 'payload'

import { applyCapturedPayment } from '../capture'
import { applyFailedPayment } from '../failure'
import type { RazorpayPaymentEntity, RazorpayWebhookEvent } from '../razorpay/types'
import { onRefund } from './onRefund'

export type { EventResult } from './onRefund'
import type { EventResult } from './onRefund'

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

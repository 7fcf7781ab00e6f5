import type { PayloadRequest } from 'payload'

import type { RazorpayRefund } from '../razorpay/types'
import { settleEvent } from './recordEvent'
import { onRefund, unmatchedRefundNote } from './onRefund'

/**
 * Refund events Razorpay delivered before OBS knew their payment (a dashboard refund whose
 * event arrived ahead of a delayed `payment.captured`), applied now that the payment is
 * recorded, in its transaction. Answered as done back then, Razorpay would never send them
 * again; the payment showed nothing refunded though Razorpay gave the money back (review
 * round 36).
 */
export async function applyEarlyRefunds(req: PayloadRequest, razorpayPaymentId: string) {
  const { docs } = await req.payload.find({
    collection: 'razorpay-events',
    where: {
      outcome: { equals: 'unmatched' },
      note: { equals: unmatchedRefundNote(razorpayPaymentId) },
      event: { in: ['refund.processed', 'refund.failed'] },
    },
    sort: 'id',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  for (const event of docs) {
    const refund = event.earlyRefund as RazorpayRefund | null | undefined
    if (!refund) {
      continue
    }
    const status = event.event === 'refund.failed' ? 'failed' : 'processed'
    const result = await onRefund(req, event.eventId, refund, status)
    await settleEvent(req, event.id, {
      ...result,
      note: `Applied when the payment was recorded: ${result.note ?? result.outcome}`,
    })
    req.payload.logger.info({ msg: 'early refund event applied', eventId: event.eventId })
  }
}

import type { Endpoint } from 'payload'

import { optionalText } from '@/shared/bodyText'

import { canRefundPayments } from '../access'
import { PAYMENT_REFERENCE_MAX_LENGTH } from '../reference'
import { recordHandRefund } from '../refunds/recordHandRefund'
import { badRequest, notFound, readJsonBody, requireUser, routeId } from './request'

/**
 * `POST /api/payments/:id/refunds/:refundId/paid {reference}` for finance and super_admin:
 * records that a refund of a desk payment was paid back by hand, which settles it on the
 * booking (200). Razorpay refunds follow Razorpay's events instead (400); a refund already
 * recorded as paid is 409. A reference over 120 characters is refused (400), never cut.
 */
export const markRefundPaidEndpoint: Endpoint = {
  path: '/:id/refunds/:refundId/paid',
  method: 'post',
  handler: async (req) => {
    requireUser(req, canRefundPayments)
    const paymentId = routeId(req)
    const refundId = String(req.routeParams?.refundId ?? '')
    const body = await readJsonBody(req)
    const reference = optionalText(body, 'reference', PAYMENT_REFERENCE_MAX_LENGTH)
    if (!reference) {
      throw badRequest('A reference for the payout (voucher, bank transfer UTR) is required')
    }
    // Refund entries are never removed, so one seen here is still there under the lock.
    const payment = await req.payload.findByID({
      collection: 'payments',
      id: paymentId,
      depth: 0,
      disableErrors: true,
    })
    if (!payment?.refunds?.some((refund) => refund.id === refundId)) {
      throw notFound('Refund not found')
    }
    const recorded = await recordHandRefund({
      paymentId,
      refundId,
      reference,
      req,
    })
    return Response.json({
      refund: recorded.refund,
      payment: {
        id: recorded.payment.id,
        status: recorded.payment.status,
        amount: recorded.payment.amount,
        amountRefunded: recorded.payment.amountRefunded,
      },
    })
  },
}

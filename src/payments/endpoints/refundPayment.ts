import type { Endpoint } from 'payload'

import { canRefundPayments } from '../access'
import { requestRefund } from '../refunds/requestRefund'
import { badRequest, notFound, readJsonBody, requireUser, routeId } from './request'
import { visibleText } from '@/shared/blank'

/**
 * `POST /api/payments/:id/refund {amount?, reason}` for finance and super_admin: reserves
 * the refund and queues the Razorpay call (202); its final state follows Razorpay's events.
 */
export const refundEndpoint: Endpoint = {
  path: '/:id/refund',
  method: 'post',
  handler: async (req) => {
    requireUser(req, canRefundPayments)
    const paymentId = routeId(req)
    const body = await readJsonBody(req)
    const reason = visibleText(body.reason)
    if (!reason) {
      throw badRequest('A reason for the refund is required')
    }
    if (body.amount !== undefined && body.amount !== null && typeof body.amount !== 'number') {
      throw badRequest('Refund amount must be a number of rupees')
    }
    const exists = await req.payload.findByID({
      collection: 'payments',
      id: paymentId,
      depth: 0,
      disableErrors: true,
    })
    if (!exists) {
      throw notFound('Payment not found')
    }
    const { payment, refund } = await requestRefund({
      paymentId,
      amount: (body.amount as number | null | undefined) ?? undefined,
      reason: reason.slice(0, 500),
      source: 'staff',
      req,
    })
    return Response.json(
      { refund, payment: { id: payment.id, status: payment.status, amount: payment.amount } },
      { status: 202 },
    )
  },
}

import { APIError, type Endpoint, type PayloadRequest } from 'payload'

import { holdLapsed } from '@/bookings/holdLapsed'
import { env } from '@/config/env'
import type { User } from '@/payload-types'
import { requiredRelationId } from '@/shared/relationId'

import { applyCapturedPayment } from '../capture'
import { callRazorpay } from '../razorpay/client'
import { isValidCheckoutSignature } from '../razorpay/signatures'
import type { RazorpayPaymentEntity } from '../razorpay/types'
import { badRequest, notFound, readJsonBody, requireUser } from './request'

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    throw badRequest(`${name} is required`)
  }
  return value.trim()
}

/**
 * Razorpay's own view of the payment, for its method, amount and time. The signature
 * already proves the payment; when Razorpay cannot be asked, the order amount stands.
 */
async function fetchPayment(req: PayloadRequest, paymentId: string) {
  try {
    return (await callRazorpay((client) =>
      client.payments.fetch(paymentId),
    )) as unknown as RazorpayPaymentEntity
  } catch (err) {
    req.payload.logger.warn({
      msg: 'could not fetch payment from Razorpay',
      razorpayPaymentId: paymentId,
      err: String(err),
    })
    return undefined
  }
}

/** `POST /api/payments/verify`: the checkout handler's response, checked and applied. */
export const verifyEndpoint: Endpoint = {
  path: '/verify',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req) as User
    const body = await readJsonBody(req)
    const orderId = stringField(body, 'razorpayOrderId')
    const paymentId = stringField(body, 'razorpayPaymentId')
    const signature = stringField(body, 'razorpaySignature')

    const found = await req.payload.find({
      collection: 'payments',
      where: { razorpayOrderId: { equals: orderId } },
      sort: 'id',
      limit: 1,
      depth: 1,
    })
    const ours = found.docs[0]
    const booking = ours && typeof ours.booking === 'object' ? ours.booking : undefined
    if (!ours || !booking || requiredRelationId(booking.user) !== Number(user.id)) {
      throw notFound('Order not found')
    }
    // Signed over the order id we stored, never the one the client claims.
    const valid = isValidCheckoutSignature({
      orderId: ours.razorpayOrderId!,
      paymentId,
      signature,
      keySecret: env.razorpay.keySecret,
    })
    if (!valid) {
      req.payload.logger.warn({ msg: 'checkout signature mismatch', paymentId: ours.id })
      throw badRequest('Payment signature is invalid')
    }

    const reported = await fetchPayment(req, paymentId)
    if (reported && reported.status === 'authorized') {
      // Not captured yet (Razorpay captures on its own shortly): the webhook of the capture
      // applies it. Only a captured payment is money kept (review round 33).
      throw new APIError(
        'Razorpay has not captured this payment yet. It will be applied when Razorpay reports ' +
          'the capture; try again in a minute.',
        503,
        null,
        true,
      )
    }
    if (
      reported &&
      (reported.order_id !== ours.razorpayOrderId || reported.status !== 'captured')
    ) {
      // Failed, or refunded since: nothing was kept to confirm the booking with (round 33).
      throw badRequest('Razorpay does not report this payment as paid for this order')
    }
    if (!reported && holdLapsed(booking, new Date())) {
      // Only Razorpay knows when it was paid: taken as now, a payment made within the hold and
      // verified in the open order's grace was refunded as late, and the webhook that followed
      // with the true time found it recorded (review round 30). Left to that webhook instead.
      throw new APIError(
        'Razorpay could not confirm this payment just now. It will be applied when Razorpay ' +
          'reports it; try again in a minute.',
        503,
        null,
        true,
      )
    }
    const result = await applyCapturedPayment({
      orderId: ours.razorpayOrderId!,
      razorpayPaymentId: paymentId,
      amountPaise: reported?.amount,
      currency: reported?.currency,
      method: reported?.method,
      paidAt: reported?.created_at ? new Date(reported.created_at * 1000) : undefined,
      req,
    })
    if (result.outcome === 'mismatch') {
      throw badRequest('This payment does not match the booking; our team will contact you')
    }
    const fresh = await req.payload.findByID({ collection: 'bookings', id: booking.id, depth: 0 })
    return Response.json({
      outcome: result.outcome,
      payment: {
        id: result.payment?.id,
        status: result.payment?.status,
        amount: result.payment?.amount,
        razorpayPaymentId: result.payment?.razorpayPaymentId,
      },
      booking: {
        id: fresh.id,
        status: fresh.status,
        amountPaid: fresh.amountPaid,
        balanceDue: fresh.balanceDue,
      },
    })
  },
}

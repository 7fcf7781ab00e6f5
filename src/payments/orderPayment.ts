import type { PayloadRequest } from 'payload'

import type { Payment } from '@/payload-types'

/** The event ids that changed a payment, with this one added. */
export const eventsWith = (payment: Payment, eventId?: string) =>
  eventId ? [...(payment.razorpayEventIds ?? []), eventId] : (payment.razorpayEventIds ?? [])

/** The payment row checkout created for a Razorpay order (the first, if Razorpay paid it twice). */
export async function findOrderPayment(req: PayloadRequest, orderId: string) {
  const found = await req.payload.find({
    collection: 'payments',
    where: { razorpayOrderId: { equals: orderId } },
    sort: 'id',
    limit: 1,
    depth: 0,
    req,
  })
  return found.docs[0]
}

import type { PayloadRequest } from 'payload'

import { OPEN_ORDER_GRACE_MS } from '@/bookings/lifecycle/expireHolds'

import { callRazorpay, isUnknownToRazorpay } from './razorpay/client'
import type { RazorpayOrderEntity } from './razorpay/types'

/** More open orders than this on one booking are not asked about one by one: assume one is paid. */
const MAX_ORDERS_ASKED = 10

type OpenOrder = { id: number; razorpayOrderId: string; createdAt: string }

/**
 * The booking's Razorpay orders that could still take money: pending or failed (Razorpay takes
 * a retry on an order whose attempt failed, and checkout hands it out again), newest first.
 */
export async function openOrdersOf(req: PayloadRequest, bookingId: number): Promise<OpenOrder[]> {
  const { docs } = await req.payload.find({
    collection: 'payments',
    where: {
      booking: { equals: bookingId },
      status: { in: ['pending', 'failed'] },
      razorpayOrderId: { exists: true },
    },
    sort: '-createdAt',
    limit: MAX_ORDERS_ASKED + 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs.map((doc) => ({
    id: doc.id,
    razorpayOrderId: doc.razorpayOrderId!,
    createdAt: doc.createdAt,
  }))
}

/**
 * Whether money may be on its way through one of `orders`, as Razorpay tells it: an order it
 * reports paid, or one attempted within OPEN_ORDER_GRACE_MS of its making (a payment authorised
 * but not yet captured). An order never attempted, or attempted and left longer than that, is
 * not: a trekker who once opened checkout without paying is not kept from cancelling for good
 * (review round 40), nor is one Razorpay does not know. Razorpay unreachable, or too many
 * orders to ask about: assume it may be.
 * Asked with no transaction open.
 */
export async function paymentMayBeOnItsWay(orders: OpenOrder[], now = new Date()) {
  if (orders.length > MAX_ORDERS_ASKED) {
    return true
  }
  for (const order of orders) {
    let found: RazorpayOrderEntity
    try {
      found = (await callRazorpay((client) =>
        client.orders.fetch(order.razorpayOrderId),
      )) as RazorpayOrderEntity
    } catch (err) {
      // Razorpay has no such order (made under other keys, or gone): nothing can be paid on
      // it, and assuming otherwise kept the trekker from cancelling for good (review round 42).
      if (isUnknownToRazorpay(err)) {
        continue
      }
      return true
    }
    if (found.status === 'paid' || Number(found.amount_paid ?? 0) > 0) {
      return true
    }
    const recent = now.getTime() - new Date(order.createdAt).getTime() < OPEN_ORDER_GRACE_MS
    if (found.status === 'attempted' && recent) {
      return true
    }
  }
  return false
}

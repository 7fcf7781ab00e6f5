import type { Endpoint, PayloadRequest } from 'payload'

import { env } from '@/config/env'
import type { Booking, Payment, User } from '@/payload-types'

import { emergencyContactForConfirmation } from '@/bookings'
import { requiredRelationId } from '@/shared/relationId'

import { balanceDueOf } from '../bookingBridge'
import { inTransaction, lockBooking } from '../db'
import { toPaise } from '../money'
import { callRazorpay } from '../razorpay/client'
import type { RazorpayOrderEntity } from '../razorpay/types'
import {
  badRequest,
  notFound,
  paymentsNotConfigured,
  providerUnavailable,
  requireUser,
  routeId,
} from './request'

const CURRENCY = 'INR'

/** What Razorpay Checkout (web, Android, iOS) takes as its options, plus our ids. */
function checkoutAnswer(booking: Booking, payment: Payment, user: User) {
  const name = booking.trekkerName ?? [user.firstName, user.lastName].filter(Boolean).join(' ')
  return {
    bookingId: booking.id,
    paymentId: payment.id,
    keyId: env.razorpay.keyId,
    orderId: payment.razorpayOrderId,
    amount: payment.amount,
    amountPaise: toPaise(payment.amount),
    currency: payment.currency,
    name: 'OBS Trekking Tribe',
    description: `Booking ${booking.id}`,
    prefill: {
      name: name || undefined,
      email: booking.trekkerEmail ?? user.email ?? undefined,
      contact: booking.trekkerPhone ?? user.phone ?? undefined,
    },
    notes: { bookingId: String(booking.id) },
  }
}

function assertPayable(booking: Booking) {
  if (booking.status !== 'pending') {
    throw badRequest(`This booking is ${booking.status} and cannot be paid for`)
  }
  if (!booking.holdExpiresAt || new Date(booking.holdExpiresAt) <= new Date()) {
    throw badRequest('The hold on this booking has expired; book again to pay')
  }
  if (balanceDueOf(booking) <= 0) {
    throw badRequest('Nothing is due on this booking')
  }
}

/** An order still open for exactly what is due is handed out again instead of a new one. */
async function openOrderFor(req: PayloadRequest, booking: Booking): Promise<Payment | undefined> {
  const found = await req.payload.find({
    collection: 'payments',
    where: {
      booking: { equals: booking.id },
      status: { in: ['pending', 'failed'] },
      amount: { equals: balanceDueOf(booking) },
      razorpayOrderId: { exists: true },
    },
    sort: '-createdAt',
    limit: 1,
    depth: 0,
    req,
  })
  const payment = found.docs[0]
  if (!payment) {
    return undefined
  }
  const order = await callRazorpay((client) => client.orders.fetch(payment.razorpayOrderId!)).catch(
    () => undefined,
  )
  if ((order as RazorpayOrderEntity | undefined)?.status === 'paid') {
    throw badRequest('This booking has been paid; the confirmation is on its way')
  }
  return payment
}

/** `POST /api/bookings/:id/checkout`: a Razorpay order for the balance due, for the booking's owner. */
export const checkoutEndpoint: Endpoint = {
  path: '/:id/checkout',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req) as User
    const bookingId = routeId(req)
    const visible = await req.payload.findByID({
      collection: 'bookings',
      id: bookingId,
      depth: 0,
      overrideAccess: false,
      user,
      disableErrors: true,
    })
    if (!visible || requiredRelationId(visible.user) !== Number(user.id)) {
      throw notFound('Booking not found')
    }

    const { payment, booking, created } = await inTransaction(req, async () => {
      // Two taps on "Pay" wait for each other here and share one order.
      await lockBooking(req, bookingId)
      const booking = await req.payload.findByID({
        collection: 'bookings',
        id: bookingId,
        depth: 0,
        req,
      })
      assertPayable(booking)
      // A booking confirms on full payment, and confirmation needs someone to call.
      await emergencyContactForConfirmation(req, Number(requiredRelationId(booking.user)))
      // After the booking's own checks, so an app learns what the trekker can fix (an expired
      // hold, a missing emergency contact) on a server without keys too; nothing is called.
      if (!env.razorpay.configured) {
        throw paymentsNotConfigured()
      }
      const open = await openOrderFor(req, booking)
      if (open) {
        return { payment: open, booking, created: false }
      }

      const amount = balanceDueOf(booking)
      const order = await callRazorpay((client) =>
        client.orders.create({
          amount: toPaise(amount),
          currency: CURRENCY,
          receipt: `booking_${booking.id}`,
          notes: { bookingId: String(booking.id) },
        }),
      ).catch((err) => {
        req.payload.logger.error({ msg: 'razorpay order failed', bookingId, err: String(err) })
        throw providerUnavailable()
      })
      const payment = await req.payload.create({
        collection: 'payments',
        data: {
          booking: booking.id,
          razorpayOrderId: order.id,
          amount,
          currency: CURRENCY,
          status: 'pending',
        },
        depth: 0,
        overrideAccess: true,
        req,
      })
      req.payload.logger.info({
        msg: 'razorpay order created',
        bookingId,
        paymentId: payment.id,
        orderId: order.id,
      })
      return { payment, booking, created: true }
    })
    return Response.json(checkoutAnswer(booking, payment, user), { status: created ? 201 : 200 })
  },
}

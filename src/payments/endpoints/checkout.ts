import type { Endpoint, PayloadRequest } from 'payload'

import { env } from '@/config/env'
import type { Booking, Payment, User } from '@/payload-types'

import { emergencyContactForConfirmation } from '@/bookings'
import { holdLapsed } from '@/bookings/holdLapsed'
import { formatRupees } from '@/shared/formatRupees'
import { requiredRelationId } from '@/shared/relationId'
import { lockRow } from '@/shared/sql'

import { balanceDueOf } from '../bookingBridge'
import { inTransaction } from '../db'
import { toPaise } from '../money'
import { callRazorpay } from '../razorpay/client'
import type { RazorpayOrderEntity } from '../razorpay/types'
import {
  badRequest,
  bookingChanged,
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

/** The smallest order Razorpay accepts. */
const RAZORPAY_MINIMUM_RUPEES = 1

function assertPayable(booking: Booking) {
  if (booking.status !== 'pending') {
    throw badRequest(`This booking is ${booking.status} and cannot be paid for`)
  }
  if (holdLapsed(booking, new Date())) {
    throw badRequest('The hold on this booking has expired; book again to pay')
  }
  const due = balanceDueOf(booking)
  if (due <= 0) {
    throw badRequest('Nothing is due on this booking')
  }
  // Razorpay takes no order under ₹1, and a desk payment may leave paise due (review round 29:
  // its refusal was answered as a provider outage, 502 "try again").
  if (due < RAZORPAY_MINIMUM_RUPEES) {
    throw badRequest(
      `${formatRupees(due)} is due, less than the ${formatRupees(RAZORPAY_MINIMUM_RUPEES)} an online payment can take: our support team settles it`,
    )
  }
}

/**
 * The newest order still open for exactly `amount` (pending or failed, with a Razorpay order id),
 * read on the request's transaction when it has one.
 */
async function openPaymentFor(
  req: PayloadRequest,
  bookingId: number,
  amount: number,
): Promise<Payment | undefined> {
  const found = await req.payload.find({
    collection: 'payments',
    where: {
      booking: { equals: bookingId },
      status: { in: ['pending', 'failed'] },
      amount: { equals: amount },
      razorpayOrderId: { exists: true },
    },
    sort: '-createdAt',
    limit: 1,
    depth: 0,
    req,
  })
  return found.docs[0]
}

/** Refuses an open order Razorpay reports paid; one it cannot be asked about is handed out. */
async function assertOrderUnpaid(payment: Payment): Promise<void> {
  const order = await callRazorpay((client) => client.orders.fetch(payment.razorpayOrderId!)).catch(
    () => undefined,
  )
  if ((order as RazorpayOrderEntity | undefined)?.status === 'paid') {
    throw badRequest('This booking has been paid; the confirmation is on its way')
  }
}

async function readBooking(req: PayloadRequest, bookingId: number): Promise<Booking> {
  return req.payload.findByID({ collection: 'bookings', id: bookingId, depth: 0, req })
}

type Recorded = { payment: Payment; booking: Booking; created: boolean }

/**
 * The order for `amount`: one still open for exactly that is handed out again (once Razorpay says
 * it is not paid), else a new one is made and recorded. Razorpay is asked outside any
 * transaction; the new order is recorded in a short one, unless the booking changed meanwhile
 * (undefined: the caller starts again) or another checkout recorded an order for the same balance
 * first (that one is answered).
 */
async function orderFor(
  req: PayloadRequest,
  booking: Booking,
  amount: number,
): Promise<Recorded | undefined> {
  const bookingId = booking.id
  const open = await openPaymentFor(req, bookingId, amount)
  if (open) {
    await assertOrderUnpaid(open)
    return { payment: open, booking, created: false }
  }

  const order = await callRazorpay((client) =>
    client.orders.create({
      amount: toPaise(amount),
      currency: CURRENCY,
      receipt: `booking_${bookingId}`,
      notes: { bookingId: String(bookingId) },
    }),
  ).catch((err) => {
    req.payload.logger.error({ msg: 'razorpay order failed', bookingId, err: String(err) })
    throw providerUnavailable()
  })

  // An order made above but not recorded below (the booking changed meanwhile, or another
  // checkout recorded one first) is harmless: nobody is given it, and an unpaid Razorpay
  // order is never charged and expires there.
  const recorded = await inTransaction(req, async () => {
    // The booking row alone: every writer of its status, money or payments (bookings,
    // cancellations, hold expiry, captures, refunds, batch call-offs) locks it after the batch,
    // so they queue behind this short transaction or it behind them. This transaction takes
    // no other lock after it (the insert below checks its key against this same row), so
    // skipping the batch cannot deadlock, and the departure's row stays free for the SOS,
    // bookings and payments that need it.
    await lockRow(req, 'bookings', bookingId)
    const current = await readBooking(req, bookingId)
    assertPayable(current)
    if (balanceDueOf(current) !== amount) {
      return undefined
    }
    // Two taps on "Pay" share one order: the first to get here records its order, and the
    // other hands that one out.
    const other = await openPaymentFor(req, current.id, amount)
    if (other) {
      return { payment: other, booking: current, created: false }
    }
    const payment = await req.payload.create({
      collection: 'payments',
      data: {
        booking: current.id,
        razorpayOrderId: order.id,
        amount,
        currency: CURRENCY,
        status: 'pending',
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return { payment, booking: current, created: true }
  })
  if (recorded?.created) {
    req.payload.logger.info({
      msg: 'razorpay order created',
      bookingId,
      paymentId: recorded.payment.id,
      orderId: recorded.payment.razorpayOrderId,
    })
  }
  return recorded
}

/**
 * Orders being looked up or made in this process, by booking and amount: simultaneous checkouts
 * of one booking (taps on "Pay", a script) share one look-up, one Razorpay call and its
 * recording instead of each making an order or asking Razorpay. A checkout that comes after
 * finds the recorded order. Across server instances each may make one; the recording
 * transaction still leaves a single open order, and the others expire unpaid.
 */
const inFlight = new Map<string, Promise<Recorded | undefined>>()

async function sharedOrder(
  req: PayloadRequest,
  booking: Booking,
  amount: number,
): Promise<Recorded | undefined> {
  const key = `${booking.id}:${toPaise(amount)}`
  const running = inFlight.get(key)
  if (running) {
    // Whoever made the order answers 201, the checkouts that shared it 200.
    const shared = await running
    return shared && { ...shared, created: false }
  }
  // Set before anything else runs (orderFor stops at its first query), so no two checkouts in
  // this process both miss it.
  const started = orderFor(req, booking, amount)
  inFlight.set(key, started)
  try {
    return await started
  } finally {
    inFlight.delete(key)
  }
}

/** A booking whose balance changed while its order was made is tried again this often. */
const ATTEMPTS = 3

/**
 * `POST /api/bookings/:id/checkout`: a Razorpay order for the balance due, for the booking's owner.
 *
 * Razorpay is called with no transaction open and no row locked: a slow or hung provider (the
 * SDK waits up to 15 s) must hold neither the batch row, which every booking, payment and SOS of
 * the departure needs, nor one of the server's transaction slots. So the booking is checked
 * without locks, the order is asked about or made, and only then a short transaction locks the
 * booking, checks it again and records the order.
 */
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

    for (let attempt = 1; ; attempt++) {
      const booking = await readBooking(req, bookingId)
      assertPayable(booking)
      // A booking confirms on full payment, and confirmation needs someone to call.
      await emergencyContactForConfirmation(req, Number(requiredRelationId(booking.user)))
      // After the booking's own checks, so an app learns what the trekker can fix (an expired
      // hold, a missing emergency contact) on a server without keys too; nothing is called.
      if (!env.razorpay.configured) {
        throw paymentsNotConfigured()
      }
      const amount = balanceDueOf(booking)

      const recorded = await sharedOrder(req, booking, amount)
      if (recorded) {
        return Response.json(checkoutAnswer(recorded.booking, recorded.payment, user), {
          status: recorded.created ? 201 : 200,
        })
      }
      if (attempt >= ATTEMPTS) {
        throw bookingChanged()
      }
    }
  },
}

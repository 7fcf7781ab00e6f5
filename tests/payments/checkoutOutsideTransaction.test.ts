import type { IncomingMessage, ServerResponse } from 'node:http'

import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { createRoleUsers } from '../helpers/fixtures'

import type { FakeRazorpay } from '../fakes/razorpay'
import { createTrip } from '../emergency/trip'
import { api } from '../helpers/api'
import { connected, idleInTransaction, rowIsFree, untilDoneOrWaiting } from '../helpers/lockWaits'
import {
  checkout,
  createPendingBooking,
  createTrekBatch,
  paymentOf,
  usePayloadAndRazorpayFake,
} from './world'

/**
 * Checkout asks Razorpay (a new order, or the state of an open one) with no transaction open
 * and no row locked, so a slow or hung provider holds up neither the departure's bookings,
 * payments and SOS, which need its batch row, nor the server's transaction slots.
 */
type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>

/**
 * Holds the fake's answers to `POST /v1/orders` (or the requests `matches` picks) until `release`
 * is called, as a slow or hung Razorpay would; `arrived` resolves once such a request is waiting.
 */
function holdRazorpay(
  razorpay: FakeRazorpay,
  matches: (req: IncomingMessage) => boolean = (req) =>
    req.method === 'POST' && Boolean(req.url?.startsWith('/v1/orders')),
) {
  const target = razorpay as unknown as { route: Route }
  const original = target.route.bind(razorpay)
  let release!: () => void
  let arrive!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const arrived = new Promise<void>((resolve) => (arrive = resolve))
  target.route = async (req, res) => {
    if (matches(req)) {
      arrive()
      await released
    }
    return original(req, res)
  }
  return {
    arrived,
    release,
    restore: () => {
      release()
      target.route = original
    },
  }
}

describe('checkout while Razorpay is slow', () => {
  let payload: Payload
  let fake: FakeRazorpay

  usePayloadAndRazorpayFake((world) => ({ payload, fake } = world))

  it('holds no row lock and no transaction while it waits for Razorpay', async () => {
    const { batch } = await createTrekBatch(payload, { price: 9000 })
    const world = await createPendingBooking(payload, { amount: 9000, batch })
    const held = holdRazorpay(fake)
    try {
      const pay = checkout(world.user, world.booking.id)
      await held.arrived
      const batchFree = await rowIsFree('batches', batch.id)
      const bookingFree = await rowIsFree('bookings', world.booking.id)
      const waitingInTransaction = await idleInTransaction()
      held.release()
      const answer = await pay
      expect(answer.status).toBe(201)
      expect(batchFree).toBe(true)
      expect(bookingFree).toBe(true)
      expect(waitingInTransaction).toBe(0)
      const payments = await paymentOf(payload, world.booking.id)
      expect(payments).toHaveLength(1)
      expect(payments[0]).toMatchObject({
        razorpayOrderId: answer.body.orderId,
        amount: 9000,
        status: 'pending',
      })
    } finally {
      held.restore()
    }
  })

  it('holds no row lock and no transaction while it asks Razorpay about an open order', async () => {
    const { batch } = await createTrekBatch(payload, { price: 9000 })
    const world = await createPendingBooking(payload, { amount: 9000, batch })
    const opened = await checkout(world.user, world.booking.id)
    expect(opened.status).toBe(201)
    const held = holdRazorpay(
      fake,
      (req) => req.method === 'GET' && Boolean(req.url?.startsWith('/v1/orders/')),
    )
    try {
      const again = checkout(world.user, world.booking.id)
      await held.arrived
      const batchFree = await rowIsFree('batches', batch.id)
      const waitingInTransaction = await idleInTransaction()
      held.release()
      const answer = await again
      expect(answer.status).toBe(200)
      expect(answer.body.orderId).toBe(opened.body.orderId)
      expect(batchFree).toBe(true)
      expect(waitingInTransaction).toBe(0)
      expect(await paymentOf(payload, world.booking.id)).toHaveLength(1)
    } finally {
      held.restore()
    }
  })

  it('records an SOS naming the departure while a checkout of it waits for Razorpay', async () => {
    const trip = await createTrip(payload)
    const price = Number(trip.batch.price)
    const world = await createPendingBooking(payload, { amount: price, batch: trip.batch })
    const held = holdRazorpay(fake)
    const monitor = await connected()
    let recorded = false
    let recordedWhileHeld = false
    let sos: Promise<{ status: number; body: any }> | undefined
    let pay: Promise<{ status: number }> | undefined
    try {
      pay = checkout(world.user, world.booking.id)
      await held.arrived
      sos = api('POST', '/incidents', {
        token: trip.trekker.token,
        body: {
          clientId: `checkout-held-${trip.trekker.id}`,
          batch: trip.batch.id,
          message: 'Slipped on the ice',
        },
      })
      sos.then(
        () => (recorded = true),
        () => (recorded = true),
      )
      // Done, or stuck behind a lock (the checkout's, before this was mended).
      await untilDoneOrWaiting(monitor, 1, sos)
      recordedWhileHeld = recorded
    } finally {
      held.restore()
      await monitor.end()
    }
    const answer = await sos
    expect(recordedWhileHeld).toBe(true)
    expect(answer?.status).toBe(201)
    expect(answer?.body.doc.batch?.id ?? answer?.body.doc.batch).toBe(trip.batch.id)
    expect((await pay)?.status).toBe(201)
  })

  it('shares one order between two taps on "Pay" that both find none open', async () => {
    const world = await createPendingBooking(payload, { amount: 9000 })

    const taps = await Promise.all([
      checkout(world.user, world.booking.id),
      checkout(world.user, world.booking.id),
    ])

    expect(taps.map((r) => r.status).sort()).toEqual([200, 201])
    expect(taps[0].body.orderId).toBe(taps[1].body.orderId)
    expect(taps[0].body.paymentId).toBe(taps[1].body.paymentId)
    const payments = await paymentOf(payload, world.booking.id)
    expect(payments).toHaveLength(1)
    expect(payments[0].razorpayOrderId).toBe(taps[0].body.orderId)
  })

  it('asks Razorpay for one order when three taps on "Pay" come at once', async () => {
    const world = await createPendingBooking(payload, { amount: 9000 })
    const before = fake.requestsTo('POST', '/v1/orders').length

    const taps = await Promise.all(
      Array.from({ length: 3 }, () => checkout(world.user, world.booking.id)),
    )

    expect(taps.map((r) => r.status).sort()).toEqual([200, 200, 201])
    expect(new Set(taps.map((r) => r.body.orderId)).size).toBe(1)
    expect(fake.requestsTo('POST', '/v1/orders').length - before).toBe(1)
    const payments = await paymentOf(payload, world.booking.id)
    expect(payments).toHaveLength(1)
    expect(payments[0].razorpayOrderId).toBe(taps[0].body.orderId)
  })

  it('hands out the order another server recorded while this one waited for Razorpay', async () => {
    const world = await createPendingBooking(payload, { amount: 9000 })
    const held = holdRazorpay(fake)
    try {
      const pay = checkout(world.user, world.booking.id)
      await held.arrived
      // As a second server instance would, for another tap on "Pay".
      const other = await payload.create({
        collection: 'payments',
        data: {
          booking: world.booking.id,
          razorpayOrderId: `order_elsewhere_${world.booking.id}`,
          amount: 9000,
          currency: 'INR',
          status: 'pending',
        },
        overrideAccess: true,
      })
      held.release()
      const answer = await pay

      expect(answer.status).toBe(200)
      expect(answer.body).toMatchObject({ paymentId: other.id, orderId: other.razorpayOrderId })
      expect(await paymentOf(payload, world.booking.id)).toHaveLength(1)
    } finally {
      held.restore()
    }
  })

  it('makes an order for the new balance when a desk payment lands while Razorpay answers', async () => {
    const { finance } = await createRoleUsers(payload)
    const world = await createPendingBooking(payload, { amount: 9000 })
    let creates = 0
    const held = holdRazorpay(
      fake,
      (req) =>
        req.method === 'POST' && Boolean(req.url?.startsWith('/v1/orders')) && ++creates === 1,
    )
    try {
      const pay = checkout(world.user, world.booking.id)
      await held.arrived
      const desk = await api('POST', `/bookings/${world.booking.id}/offline-payment`, {
        token: finance.token,
        body: { amount: 4000, method: 'cash', reference: 'Desk receipt 7' },
      })
      expect(desk.status).toBe(201)
      held.release()
      const answer = await pay

      // The order made for 9000 is not handed out; one for the 5000 now due is.
      expect(answer.status).toBe(201)
      expect(answer.body.amount).toBe(5000)
      expect(fake.orders.get(answer.body.orderId)!.amount).toBe(500000)
      const online = (await paymentOf(payload, world.booking.id)).filter((p) => p.razorpayOrderId)
      expect(online).toHaveLength(1)
      expect(online[0]).toMatchObject({ razorpayOrderId: answer.body.orderId, amount: 5000 })
    } finally {
      held.restore()
    }
  })

  it('records no order for a booking cancelled while Razorpay answers', async () => {
    const world = await createPendingBooking(payload, { amount: 9000 })
    const held = holdRazorpay(fake)
    try {
      const pay = checkout(world.user, world.booking.id)
      await held.arrived
      const cancelled = await api('POST', `/bookings/${world.booking.id}/cancel`, {
        token: world.user.token,
        body: { reason: 'Plans changed' },
      })
      expect(cancelled.status).toBe(200)
      held.release()
      const answer = await pay

      expect(answer.status).toBe(400)
      expect(answer.body.errors[0].message).toBe('This booking is cancelled and cannot be paid for')
      expect(await paymentOf(payload, world.booking.id)).toHaveLength(0)
    } finally {
      held.restore()
    }
  })
})

import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import {
  checkout,
  createPendingBooking,
  expireHold,
  paymentOf,
  usePayloadAndRazorpayFake,
} from './world'

describe('POST /api/bookings/:id/checkout', () => {
  let payload: Payload
  let fake: FakeRazorpay

  usePayloadAndRazorpayFake((world) => ({ payload, fake } = world))

  it('creates a Razorpay order for the balance due, in paise, and a pending payment', async () => {
    const { booking, user } = await createPendingBooking(payload, { amount: 12499.5 })

    const res = await checkout(user, booking.id)

    expect(res.status).toBe(201)
    const order = fake.orders.get(res.body.orderId)!
    expect(order.amount).toBe(1249950)
    expect(order.currency).toBe('INR')
    expect(order.receipt).toBe(`booking_${booking.id}`)
    expect(fake.requestsTo('POST', '/v1/orders')[0].authorized).toBe(true)
    expect(res.body).toMatchObject({
      bookingId: booking.id,
      keyId: env.razorpay.keyId,
      orderId: order.id,
      amount: 12499.5,
      amountPaise: 1249950,
      currency: 'INR',
      // From the booking's snapshot of the trekker's own profile (this one has no phone).
      prefill: { name: 'Test Trekker', email: user.email },
    })
    const payments = await paymentOf(payload, booking.id)
    expect(payments).toHaveLength(1)
    expect(payments[0]).toMatchObject({
      razorpayOrderId: order.id,
      amount: 12499.5,
      status: 'pending',
      currency: 'INR',
    })
  })

  it('hands out the same open order on a second call instead of creating another', async () => {
    const { booking, user } = await createPendingBooking(payload)
    const first = await checkout(user, booking.id)
    const before = fake.requestsTo('POST', '/v1/orders').length

    const again = await Promise.all([checkout(user, booking.id), checkout(user, booking.id)])

    expect(again.map((r) => r.status)).toEqual([200, 200])
    expect(again.map((r) => r.body.orderId)).toEqual([first.body.orderId, first.body.orderId])
    expect(fake.requestsTo('POST', '/v1/orders').length).toBe(before)
    expect(await paymentOf(payload, booking.id)).toHaveLength(1)
  })

  it('refuses anonymous callers, other trekkers and staff who do not own the booking', async () => {
    const { booking } = await createPendingBooking(payload)
    const stranger = await createUser(payload, null)
    const finance = await createUser(payload, 'finance')

    expect((await api('POST', `/bookings/${booking.id}/checkout`)).status).toBe(401)
    expect((await checkout(stranger, booking.id)).status).toBe(404)
    expect((await checkout(finance, booking.id)).status).toBe(404)
    expect((await checkout(stranger, 99999999)).status).toBe(404)
    expect(await paymentOf(payload, booking.id)).toHaveLength(0)
  })

  it('refuses a booking whose hold has expired or that is no longer pending', async () => {
    const expired = await createPendingBooking(payload)
    await expireHold(payload, expired.booking.id)
    const confirmed = await createPendingBooking(payload)
    await payload.update({
      collection: 'bookings',
      id: confirmed.booking.id,
      data: { status: 'confirmed', amountPaid: 12500, balanceDue: 0 },
      overrideAccess: true,
    })

    const late = await checkout(expired.user, expired.booking.id)
    const paid = await checkout(confirmed.user, confirmed.booking.id)

    expect(late.status).toBe(400)
    expect(late.body.errors[0].message).toMatch(/hold .* expired/)
    expect(paid.status).toBe(400)
    expect(paid.body.errors[0].message).toMatch(/confirmed/)
    expect(await paymentOf(payload, expired.booking.id)).toHaveLength(0)
  })

  it('answers 502 and writes nothing when Razorpay is down', async () => {
    const { booking, user } = await createPendingBooking(payload)
    fake.failNext = { count: 1, status: 503 }

    const res = await checkout(user, booking.id)

    expect(res.status).toBe(502)
    expect(res.body.errors[0].message).toMatch(/payment provider/)
    expect(await paymentOf(payload, booking.id)).toHaveLength(0)
  })

  it('answers 503 without calling Razorpay when this server has no Razorpay keys', async () => {
    const { booking, user } = await createPendingBooking(payload)
    const callsBefore = fake.requests.length
    env.razorpay.configured = false
    try {
      const res = await checkout(user, booking.id)

      expect(res.status).toBe(503)
      expect(res.body.errors).toEqual([
        { message: 'Online payments are not configured on this server' },
      ])
    } finally {
      env.razorpay.configured = true
    }
    expect(fake.requests.length).toBe(callsBefore)
    expect(await paymentOf(payload, booking.id)).toHaveLength(0)
    const otherOwner = await createUser(payload, null)
    env.razorpay.configured = false
    try {
      // Still 404 for someone else's booking: the answer says nothing about it.
      expect((await checkout(otherOwner, booking.id)).status).toBe(404)
    } finally {
      env.razorpay.configured = true
    }
  })

  it('asks the trekker for an emergency contact on their own profile', async () => {
    const { booking, user } = await createPendingBooking(payload)
    await payload.delete({
      collection: 'emergency-contacts',
      where: { user: { equals: user.id } },
      overrideAccess: true,
    })
    const res = await checkout(user, booking.id)

    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe(
      'Add an emergency contact to your profile before this booking can be confirmed',
    )
  })

  it('names what the trekker can fix before saying a server without keys takes no payments', async () => {
    const expired = await createPendingBooking(payload)
    await expireHold(payload, expired.booking.id)
    env.razorpay.configured = false
    try {
      const res = await checkout(expired.user, expired.booking.id)

      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe(
        'The hold on this booking has expired; book again to pay',
      )
    } finally {
      env.razorpay.configured = true
    }
  })
})

import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import {
  checkout,
  createPendingBooking,
  expireHold,
  type RoleUsers,
  usePaymentsWorld,
} from '../payments/world'

/**
 * Review probes on checkout: the order must always be for the balance due now, and a
 * checkout must not be opened for a booking that can no longer take money.
 */
describe('review: checkout follows the balance', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: RoleUsers

  usePaymentsWorld((world) => ({ payload, fake, roles } = world))

  it('asks Razorpay for the new balance after a part payment at the desk, not the old order', async () => {
    const { booking, user } = await createPendingBooking(payload)
    const first = await checkout(user, booking.id)
    expect(first.status).toBe(201)
    expect(first.body.amount).toBe(12500)
    const desk = await api('POST', `/bookings/${booking.id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 5000, method: 'cash' },
    })
    expect(desk.status).toBe(201)
    const second = await checkout(user, booking.id)
    expect(second.status).toBeLessThan(300)
    // Razorpay Checkout charges what the order says: it must be the 7,500 still due.
    expect(second.body.amount).toBe(7500)
  })

  it('refuses checkout for a paid, a cancelled and an expired booking', async () => {
    const paid = await createPendingBooking(payload)
    await api('POST', `/bookings/${paid.booking.id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 12500, method: 'cash' },
    })
    expect((await checkout(paid.user, paid.booking.id)).status).toBe(400)

    const cancelled = await createPendingBooking(payload)
    await api('POST', `/bookings/${cancelled.booking.id}/cancel`, {
      token: cancelled.user.token,
      body: {},
    })
    expect((await checkout(cancelled.user, cancelled.booking.id)).status).toBe(400)

    const expired = await createPendingBooking(payload)
    await expireHold(payload, expired.booking.id)
    expect((await checkout(expired.user, expired.booking.id)).status).toBe(400)
    expect(fake).toBeTruthy()
  })
})

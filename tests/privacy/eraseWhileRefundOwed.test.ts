import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import {
  createPendingBooking,
  createTrekBatch,
  paymentOf,
  usePayloadAndRazorpayFake,
} from '../payments/world'

/**
 * A refund of a desk payment is paid back by hand: until finance records the payout, erasing
 * the account would leave nobody to pay it to (review round 22).
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

usePayloadAndRazorpayFake((world) => {
  payload = world.payload
})

beforeAll(async () => {
  roles = await createRoleUsers(payload)
})

describe('staff erasing an account owed a refund by hand', () => {
  it('is refused with 409 until finance records the payout', async () => {
    const { batch } = await createTrekBatch(payload, { price: 12500, startsInDays: 60 })
    const world = await createPendingBooking(payload, { amount: 12500, batch })
    const desk = await api('POST', `/bookings/${world.booking.id}/offline-payment`, {
      token: roles.finance.token,
      body: { amount: 5000, method: 'cash', reference: 'Erase owed 1' },
    })
    expect(desk.status).toBe(201)
    const cancelled = await api('POST', `/bookings/${world.booking.id}/cancel`, {
      token: roles.cs.token,
      body: { reason: 'Trekker asked by phone' },
    })
    expect(cancelled.body.doc.refundDue).toBe(4500)

    const erase = () =>
      api('POST', `/users/${world.user.id}/erase`, {
        token: roles.cs.token,
        body: { reason: 'Trekker asked to be forgotten' },
      })
    const refused = await erase()
    expect(refused.status).toBe(409)
    expect(refused.body.errors[0].message).toBe(
      `A refund on booking ${world.booking.id} is still owed and is paid back by hand. ` +
        'The account can be erased once finance has paid it.',
    )
    const account = await payload.findByID({
      collection: 'users',
      id: world.user.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(account.email).toBe(world.user.email)

    const [cash] = await paymentOf(payload, world.booking.id)
    const paidOut = await api('POST', `/payments/${cash.id}/refunds/${cash.refunds![0].id}/paid`, {
      token: roles.finance.token,
      body: { reference: 'Cash voucher 9' },
    })
    expect(paidOut.status).toBe(200)
    expect((await erase()).status).toBe(200)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { advanceBatchLifecycle } from '@/jobs/lifecycle/advanceBatchLifecycle'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import {
  bookingOf,
  createPendingBooking,
  createTrekBatch,
  usePayloadAndRazorpayFake,
} from '../payments/world'

/**
 * Money received is always recordable, also after the trek: a balance handed over on the last
 * day and recorded once the batch has completed completes the booking (review round 22).
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

usePayloadAndRazorpayFake((world) => {
  payload = world.payload
})

beforeAll(async () => {
  roles = await createRoleUsers(payload)
})

const count = async (collection: any, where: any) =>
  (await payload.db.count({ collection, where })).totalDocs

/** A ₹9,000 booking with a ₹3,000 desk deposit whose batch ran and completed. */
async function depositThenTrekOver() {
  const { batch } = await createTrekBatch(payload, { price: 9000 })
  const world = await createPendingBooking(payload, { amount: 9000, batch })
  const pay = (amount: number, reference: string) =>
    api('POST', `/bookings/${world.booking.id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount, method: 'cash', reference },
    })
  expect((await pay(3000, 'After trek deposit')).status).toBe(201)
  const start = new Date(Date.now() + 60 * 60 * 1000)
  await payload.update({
    collection: 'batches',
    id: batch.id,
    data: {
      startDate: start.toISOString(),
      endDate: new Date(start.getTime() + 2 * 86_400_000).toISOString(),
    },
    overrideAccess: true,
  })
  for (const days of [0, 4]) {
    await advanceBatchLifecycle(await createLocalReq({}, payload), {
      batchIds: [batch.id],
      now: new Date(start.getTime() + days * 86_400_000 + 60_000),
    })
  }
  return { ...world, pay }
}

describe('a balance recorded at the desk after the batch completed', () => {
  it('completes the booking with its points, without a "booking confirmed" mail', async () => {
    const { pay, ...world } = await depositThenTrekOver()
    const badgeChecksBefore = await count('payload-jobs', {
      taskSlug: { equals: 'evaluateBadges' },
    })

    const balance = await pay(6000, 'After trek balance')
    expect(balance.status).toBe(201)
    expect(balance.body.doc).toMatchObject({ status: 'completed', amountPaid: 9000, balanceDue: 0 })
    expect(await bookingOf(payload, world.booking.id)).toMatchObject({
      status: 'completed',
      confirmedAt: expect.any(String),
    })
    const points = await payload.find({
      collection: 'points-transactions',
      where: { booking: { equals: world.booking.id } },
      depth: 0,
      overrideAccess: true,
    })
    expect(points.docs.map((row) => [row.amount, row.reason])).toEqual([[100, 'Booking confirmed']])
    expect(
      await count('notification-deliveries', {
        booking: { equals: world.booking.id },
        template: { equals: 'booking_confirmed' },
      }),
    ).toBe(0)
    // A receipt for each payment instead: the deposit's, and the balance's.
    expect(
      await count('notification-deliveries', {
        booking: { equals: world.booking.id },
        template: { equals: 'payment_received' },
      }),
    ).toBe(2)
    expect(await count('payload-jobs', { taskSlug: { equals: 'evaluateBadges' } })).toBe(
      badgeChecksBefore + 1,
    )
  })

  it('is recorded even when the trekker has since removed every emergency contact', async () => {
    const { pay, ...world } = await depositThenTrekOver()
    await payload.delete({
      collection: 'emergency-contacts',
      where: { user: { equals: world.user.id } },
      overrideAccess: true,
    })
    const balance = await pay(6000, 'After trek balance, no contact')
    expect(balance.status).toBe(201)
    expect(balance.body.doc).toMatchObject({ status: 'completed', balanceDue: 0 })
  })
})

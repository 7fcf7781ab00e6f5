import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import {
  bookingOf,
  paidBooking,
  paymentOf,
  runJobs,
  createTrekBatch,
  usePayloadAndRazorpayFake,
} from './world'

/**
 * Only a booking's own refunds settle its `refundDue` (review round 22): the cancellation's,
 * and finance's re-issue of one Razorpay refused; goodwill stays on the payment.
 */
let payload: Payload
let fake: FakeRazorpay
let roles: Awaited<ReturnType<typeof createRoleUsers>>

usePayloadAndRazorpayFake((world) => {
  payload = world.payload
  fake = world.fake
})

beforeAll(async () => {
  roles = await createRoleUsers(payload)
})

/** A ₹12,500 booking 60 days out, paid online and cancelled by its trekker (₹11,250 owed). */
async function cancelledAfterPaying() {
  const { batch } = await createTrekBatch(payload, { price: 12500, startsInDays: 60 })
  const world = await paidBooking(payload, fake, { amount: 12500, batch })
  await runJobs(payload)
  const cancelled = await api('POST', `/bookings/${world.booking.id}/cancel`, {
    token: world.user.token,
    body: {},
  })
  expect(cancelled.body.doc.refundDue).toBe(11250)
  return world
}

async function runRefundJobs(options: { refuseFirst?: boolean } = {}) {
  const saved = { failNext: fake.failNext, refundStatus: fake.refundStatus }
  fake.refundStatus = 'processed'
  if (options.refuseFirst) {
    fake.failNext = { count: 1, status: 400 }
  }
  try {
    await runJobs(payload)
  } finally {
    fake.failNext = saved.failNext
    fake.refundStatus = saved.refundStatus
  }
}

describe('a cancellation refund Razorpay refused, issued again by finance', () => {
  it('settles the booking’s refund once the re-issue is processed', async () => {
    const world = await cancelledAfterPaying()
    await runRefundJobs({ refuseFirst: true })
    const [refused] = await paymentOf(payload, world.booking.id)
    expect(refused.refunds?.map((refund) => refund.status)).toEqual(['failed'])

    const again = await api('POST', `/payments/${refused.id}/refund`, {
      token: roles.finance.token,
      body: { amount: 11250, reason: 'Cancellation refund, issued again' },
    })
    expect(again.status).toBe(202)
    expect(again.body.refund).toMatchObject({
      source: 'cancellation',
      requestedBy: roles.finance.id,
    })
    await runRefundJobs()
    expect(await bookingOf(payload, world.booking.id)).toMatchObject({
      refundDue: 0,
      refundedAmount: 11250,
    })
  })

  it('leaves a goodwill refund given while the cancellation refund is under way on the payment', async () => {
    const world = await cancelledAfterPaying()
    const [online] = await paymentOf(payload, world.booking.id)
    const goodwill = await api('POST', `/payments/${online.id}/refund`, {
      token: roles.finance.token,
      body: { amount: 1250, reason: 'Goodwill: the rest' },
    })
    expect(goodwill.status).toBe(202)
    expect(goodwill.body.refund.source).toBe('staff')
    await runRefundJobs()
    const [after] = await paymentOf(payload, world.booking.id)
    expect(after.refunds?.map((refund) => [refund.amount, refund.status])).toEqual([
      [11250, 'processed'],
      [1250, 'processed'],
    ])
    expect(await bookingOf(payload, world.booking.id)).toMatchObject({
      refundDue: 0,
      refundedAmount: 11250,
    })
  })
})

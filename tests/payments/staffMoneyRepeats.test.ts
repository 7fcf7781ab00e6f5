import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import {
  bookingOf,
  createPendingBooking,
  createTrekBatch,
  paidBooking,
  paymentOf,
  runJobs,
  usePayloadAndRazorpayFake,
} from './world'

/**
 * The two money writes staff make by hand are refused when they repeat one already made (a
 * retry after a timeout, the form sent from two tabs), and only then (review round 22).
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

const deskPayment = (bookingId: number, body: Record<string, unknown>) =>
  api('POST', `/bookings/${bookingId}/offline-payment`, {
    token: roles.cs.token,
    body: { amount: 1000, method: 'cash', ...body },
  })

const staffRefund = (paymentId: number, body: Record<string, unknown>) =>
  api('POST', `/payments/${paymentId}/refund`, { token: roles.finance.token, body })

describe('a desk payment repeating a reference', () => {
  it('is refused whatever its case and spaces, naming the earlier payment', async () => {
    const { batch } = await createTrekBatch(payload, { price: 12500, startsInDays: 60 })
    const world = await createPendingBooking(payload, { amount: 12500, batch })
    const first = await deskPayment(world.booking.id, { reference: 'Desk receipt 118' })
    expect(first.status).toBe(201)

    const again = await deskPayment(world.booking.id, { reference: '  desk RECEIPT 118 ' })
    expect(again.status).toBe(409)
    expect(again.body.errors[0].message).toContain(`Payment ${first.body.payment.id}`)
    expect(await bookingOf(payload, world.booking.id)).toMatchObject({
      amountPaid: 1000,
      balanceDue: 11500,
    })
  })

  it('takes other references, payments without one, and the same reference on another booking', async () => {
    const { batch } = await createTrekBatch(payload, { price: 12500, startsInDays: 60 })
    const world = await createPendingBooking(payload, { amount: 12500, batch })
    const other = await createPendingBooking(payload, { amount: 12500, batch })
    const answers = [
      await deskPayment(world.booking.id, { reference: 'Desk receipt 200' }),
      await deskPayment(world.booking.id, { reference: 'Desk receipt 201' }),
      await deskPayment(world.booking.id, {}),
      await deskPayment(world.booking.id, { reference: '' }),
      await deskPayment(other.booking.id, { reference: 'Desk receipt 200' }),
    ]
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201, 201])
    expect((await bookingOf(payload, world.booking.id)).amountPaid).toBe(4000)
  })
})

describe('a staff refund repeating one just asked', () => {
  it('is refused with the same amount and reason, naming the earlier refund', async () => {
    const { row } = await paidBooking(payload, fake, { amount: 12500 })
    const first = await staffRefund(row.id, { amount: 1000, reason: 'Goodwill: late pickup' })
    expect(first.status).toBe(202)
    const again = await staffRefund(row.id, { amount: 1000, reason: ' goodwill: LATE pickup' })
    expect(again.status).toBe(409)
    expect(again.body.errors[0].message).toContain(`Refund ${first.body.refund.id}`)
    expect((await paymentOf(payload, Number(row.booking)))[0].refunds).toHaveLength(1)
  })

  it('is taken with another amount or reason, and again once the first has failed', async () => {
    const { row } = await paidBooking(payload, fake, { amount: 12500 })
    const bookingId = Number(row.booking)
    const ask = (amount: number, reason: string) => staffRefund(row.id, { amount, reason })
    // Nothing else waits in the queue, so Razorpay's one refusal below is this refund's.
    await runJobs(payload)
    expect((await ask(1000, 'Goodwill: pickup')).status).toBe(202)

    // Razorpay refuses it: asking the same again is a new request, not a repeat.
    const saved = fake.failNext
    fake.failNext = { count: 1, status: 400 }
    try {
      await runJobs(payload)
    } finally {
      fake.failNext = saved
    }
    expect((await paymentOf(payload, bookingId))[0].refunds?.[0]?.status).toBe('failed')
    expect((await ask(1000, 'Goodwill: pickup')).status).toBe(202)
    expect((await ask(500, 'Goodwill: pickup')).status).toBe(202)
    expect((await ask(1000, 'Goodwill: meals')).status).toBe(202)
    const [after] = await paymentOf(payload, bookingId)
    expect(after.refunds?.map((refund) => [refund.amount, refund.status])).toEqual([
      [1000, 'failed'],
      [1000, 'queued'],
      [500, 'queued'],
      [1000, 'queued'],
    ])
  })
})

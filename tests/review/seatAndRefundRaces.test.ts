import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { expireHolds } from '@/bookings/lifecycle/expireHolds'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { activeBookingsOn, batchRow, book, bookableBatch, readyTrekker } from '../bookings/support'
import {
  bookingOf,
  capturedEvent,
  deliver,
  expireHold,
  paidAtRazorpay,
  paidBooking,
  paymentOf,
  type RoleUsers,
  usePaymentsWorld,
} from '../payments/world'

/**
 * Review attacks on seats and refunds: a trekker's parallel double booking, a batch
 * cancelled while bookings arrive, hold expiry racing the payment, a resize racing
 * bookings, and refunds stacked on refunds.
 */
describe('review: seat and refund races', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: RoleUsers

  const reserved = async (bookingId: number) =>
    (await paymentOf(payload, bookingId))
      .flatMap((p) => p.refunds ?? [])
      .filter((r) => r.status !== 'failed')
      .reduce((sum, r) => sum + Number(r.amount), 0)

  usePaymentsWorld((world) => ({ payload, fake, roles } = world))

  it('gives one trekker one active booking when ten of theirs race (REST and GraphQL)', async () => {
    const { batch } = await bookableBatch(payload, { seats: 20 })
    const trekker = await readyTrekker(payload)
    const rest = Array.from({ length: 6 }, () => book(trekker.token, batch.id))
    const gql = Array.from({ length: 4 }, () =>
      api('POST', '/graphql', {
        token: trekker.token,
        body: { query: `mutation { createBooking(data: { batch: ${batch.id} }) { id } }` },
      }),
    )
    const answers = await Promise.all([...rest, ...gql])
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500)
    }
    expect(await activeBookingsOn(payload, batch.id)).toBe(1)
    expect(await batchRow(payload, batch.id)).toMatchObject({ bookedSeats: 1, availableSeats: 19 })
  })

  it('leaves no live booking on a batch cancelled while bookings pour in', async () => {
    const { batch } = await bookableBatch(payload, { seats: 30 })
    const trekkers = await Promise.all(Array.from({ length: 8 }, () => readyTrekker(payload)))
    const answers = await Promise.all([
      ...trekkers.slice(0, 4).map((t) => book(t.token, batch.id)),
      api('POST', `/batches/${batch.id}/cancel`, {
        token: roles.ops_manager.token,
        body: { reason: 'Pass closed by snowfall' },
      }),
      ...trekkers.slice(4).map((t) => book(t.token, batch.id)),
    ])
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500)
    }
    expect(answers[4].status).toBe(200)
    expect((await batchRow(payload, batch.id)).status).toBe('cancelled')
    expect(await activeBookingsOn(payload, batch.id)).toBe(0)
  })

  it('never keeps money on a cancelled hold when expiry races the capture webhook', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { booking, payment } = await paidAtRazorpay(payload, fake)
      await expireHold(payload, booking.id, 1)
      const [hook] = await Promise.all([
        deliver(capturedEvent(payment)),
        expireHolds(payload),
        expireHolds(payload),
      ])
      expect(hook.status).toBeLessThan(500)
      const row = await bookingOf(payload, booking.id)
      if (row.status === 'confirmed') {
        expect(row).toMatchObject({ status: 'confirmed', amountPaid: 12500, balanceDue: 0 })
      } else {
        // Money paid after the hold ended is refunded in full from its payment and flagged,
        // whether the expiry has cancelled the hold or (an order being open) waits out its grace.
        expect(['cancelled', 'pending']).toContain(row.status)
        expect(row.amountPaid ?? 0).toBe(0)
        expect(await reserved(booking.id)).toBe(12500)
        const [paymentRow] = await paymentOf(payload, booking.id)
        expect(paymentRow.needsAttention).toBe(true)
      }
    }
  })

  it('keeps seats held within totalSeats when ops shrink the batch with hostile values', async () => {
    const { batch } = await bookableBatch(payload, { seats: 5 })
    const trekkers = await Promise.all(Array.from({ length: 3 }, () => readyTrekker(payload)))
    await Promise.all(trekkers.map((t) => book(t.token, batch.id)))
    for (const totalSeats of [2, 0, -1, 1.5, '2', 1e12, null]) {
      const res = await api('PATCH', `/batches/${batch.id}`, {
        token: roles.ops_manager.token,
        body: { totalSeats },
      })
      expect({ totalSeats, status: res.status }).toEqual({ totalSeats, status: 400 })
    }
    expect(await batchRow(payload, batch.id)).toMatchObject({
      totalSeats: 5,
      bookedSeats: 3,
      availableSeats: 2,
    })
  })

  it('ignores bookedSeats and availableSeats written by ops', async () => {
    const { batch } = await bookableBatch(payload, { seats: 5 })
    const res = await api('PATCH', `/batches/${batch.id}`, {
      token: roles.ops_manager.token,
      body: { bookedSeats: 5, availableSeats: 0 },
    })
    expect(res.status).toBeLessThan(500)
    expect(await batchRow(payload, batch.id)).toMatchObject({ bookedSeats: 0, availableSeats: 5 })
    const trekker = await readyTrekker(payload)
    expect((await book(trekker.token, batch.id)).status).toBe(201)
  })

  it('does not oversell a full batch that ops set back to open by hand', async () => {
    const { batch } = await bookableBatch(payload, { seats: 1 })
    const first = await readyTrekker(payload)
    expect((await book(first.token, batch.id)).status).toBe(201)
    expect((await batchRow(payload, batch.id)).status).toBe('full')
    const reopen = await api('PATCH', `/batches/${batch.id}`, {
      token: roles.ops_manager.token,
      body: { status: 'open' },
    })
    expect(reopen.status).toBeLessThan(500)
    const second = await readyTrekker(payload)
    const res = await book(second.token, batch.id)
    expect(res.status).toBe(400)
    expect(await activeBookingsOn(payload, batch.id)).toBe(1)
  })

  it('returns no more than the policy’s share when a goodwill refund came before the cancellation', async () => {
    const { booking, user, row } = await paidBooking(payload, fake)
    const goodwill = await api('POST', `/payments/${row.id}/refund`, {
      token: roles.finance.token,
      body: { amount: 5000, reason: 'Goodwill' },
    })
    expect(goodwill.status).toBe(202)
    const cancelled = await api('POST', `/bookings/${booking.id}/cancel`, {
      token: user.token,
      body: {},
    })
    expect(cancelled.status).toBe(200)
    const after = await bookingOf(payload, booking.id)
    // 30 days out the policy returns 90% of what was paid: 11,250. The trekker has already
    // had 5,000 back, so the total returned must not pass 11,250, and what the booking says
    // is owed must match what was actually queued.
    const total = await reserved(booking.id)
    expect(total).toBeLessThanOrEqual(11250)
    expect(Number(after.refundDue ?? 0) + Number(after.refundedAmount ?? 0)).toBe(total - 5000)
  })

  it('refunds a paid booking once when ops cancel its batch twice at the same time', async () => {
    const { booking, batch } = await paidBooking(payload, fake)
    const cancel = () =>
      api('POST', `/batches/${batch.id}/cancel`, {
        token: roles.ops_manager.token,
        body: { reason: 'Landslide on the road' },
      })
    const answers = await Promise.all([cancel(), cancel(), cancel()])
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500)
    }
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
    expect(await reserved(booking.id)).toBe(12500)
  })
})

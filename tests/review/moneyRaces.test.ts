import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { webhookEvent } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { book, bookingRow, readyTrekker } from '../bookings/support'
import {
  bookingOf,
  capturedEvent,
  createTrekBatch,
  deliver,
  paidAtRazorpay,
  paidBooking,
  paymentOf,
  runJobs,
  type RoleUsers,
  usePaymentsWorld,
} from '../payments/world'

/**
 * Review attacks on money: replays and races of verify and webhook, concurrent desk
 * payments, concurrent refunds and cancellations, tampered amounts. Each test asserts the
 * safe outcome; a failure is a finding.
 */
describe('review: money under attack', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: RoleUsers

  const pointsOf = async (userId: number) =>
    (await payload.findByID({ collection: 'users', id: userId, depth: 0, overrideAccess: true }))
      .obsPoints ?? 0
  const pointRows = async (userId: number) =>
    (
      await payload.find({
        collection: 'points-transactions',
        where: { user: { equals: userId } },
        depth: 0,
        overrideAccess: true,
      })
    ).docs

  usePaymentsWorld((world) => ({ payload, fake, roles } = world))

  it('applies one capture once when 5 verifies and 5 webhooks (distinct event ids) race', async () => {
    const { booking, user, orderId, payment } = await paidAtRazorpay(payload, fake)
    const signature = fake.checkoutSignature(orderId, payment.id)
    const verifies = Array.from({ length: 5 }, () =>
      api('POST', '/payments/verify', {
        token: user.token,
        body: {
          razorpayOrderId: orderId,
          razorpayPaymentId: payment.id,
          razorpaySignature: signature,
        },
      }),
    )
    const hooks = Array.from({ length: 5 }, (_, i) =>
      deliver(capturedEvent(payment), { eventId: `evt_race_${booking.id}_${i}` }),
    )
    const answers = await Promise.all([...verifies, ...hooks])

    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500)
    }
    const rows = await paymentOf(payload, booking.id)
    expect(rows.filter((r) => r.status === 'success')).toHaveLength(1)
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'confirmed',
      amountPaid: 12500,
      balanceDue: 0,
    })
    expect(await pointsOf(user.id)).toBe(100)
    expect(await pointRows(user.id)).toHaveLength(1)
  })

  it('does not confirm a booking on a capture whose amount or currency was tampered', async () => {
    for (const tamper of [{ amount: 100 }, { currency: 'USD' }, { amount: 1250000 * 2 }]) {
      const { booking, payment } = await paidAtRazorpay(payload, fake)
      const res = await deliver(capturedEvent({ ...payment, ...tamper }), {
        eventId: `evt_tamper_${booking.id}`,
      })
      expect(res.status).toBeLessThan(500)
      const row = await bookingOf(payload, booking.id)
      expect(row.status).toBe('pending')
      expect(row.balanceDue).toBe(12500)
    }
  })

  it('takes exactly the balance when two desk payments of the full amount race', async () => {
    const { booking } = await paidAtRazorpay(payload, fake)
    // Three receipts, so the balance is what refuses the two late ones (a repeated reference
    // is refused on its own, 409: review round 22).
    const pay = (token: string, reference: string) =>
      api('POST', `/bookings/${booking.id}/offline-payment`, {
        token,
        body: { amount: 12500, method: 'cash', reference },
      })
    const [a, b, c] = await Promise.all([
      pay(roles.finance.token, 'desk 1'),
      pay(roles.cs.token, 'desk 2'),
      pay(roles.super_admin.token, 'desk 3'),
    ])
    expect([a.status, b.status, c.status].sort()).toEqual([201, 400, 400])
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'confirmed',
      amountPaid: 12500,
      balanceDue: 0,
    })
    expect(
      (await paymentOf(payload, booking.id)).filter((r) => r.status === 'success'),
    ).toHaveLength(1)
  })

  it('refuses hostile desk amounts with 400 and writes nothing', async () => {
    const { booking } = await paidAtRazorpay(payload, fake)
    const bodies: Array<Record<string, unknown> | string> = [
      { amount: -100, method: 'cash' },
      { amount: 0, method: 'cash' },
      { amount: '12500', method: 'cash' },
      { amount: 1e308, method: 'cash' },
      { amount: 100.001, method: 'cash' },
      { amount: 0.001, method: 'cash' },
      { amount: [12500], method: 'cash' },
      { amount: { $gt: 0 }, method: 'cash' },
      { amount: 12500.01, method: 'cash' },
      { amount: 100, method: 'bitcoin' },
      { amount: 100, method: 'cash', reference: 'x'.repeat(5000) },
      '{"amount": NaN, "method": "cash"}',
      '{"amount": 1e999, "method": "cash"}',
    ]
    for (const body of bodies) {
      const res = await api('POST', `/bookings/${booking.id}/offline-payment`, {
        token: roles.finance.token,
        ...(typeof body === 'string'
          ? { rawBody: body, headers: { 'Content-Type': 'application/json' } }
          : { body }),
      })
      expect({ body, status: res.status }).toEqual({ body, status: 400 })
    }
    expect(await bookingOf(payload, booking.id)).toMatchObject({ amountPaid: 0, balanceDue: 12500 })
    expect(
      (await paymentOf(payload, booking.id)).filter((r) => r.status === 'success'),
    ).toHaveLength(0)
  })

  it('queues at most the paid amount when five full refunds race on one payment', async () => {
    const { row } = await paidBooking(payload, fake)
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api('POST', `/payments/${row.id}/refund`, {
          token: roles.finance.token,
          body: { reason: 'race' },
        }),
      ),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([202, 400, 400, 400, 400])
    const [after] = await paymentOf(payload, row.booking as number)
    const reserved = (after.refunds ?? []).reduce((sum, r) => sum + Number(r.amount), 0)
    expect(reserved).toBe(12500)
  })

  it('refuses refunds that are negative, strings, over the paid amount or too precise', async () => {
    const { row } = await paidBooking(payload, fake)
    for (const amount of [-1, 0, '100', 12500.01, 99999999, 0.001, 1e308]) {
      const res = await api('POST', `/payments/${row.id}/refund`, {
        token: roles.finance.token,
        body: { amount, reason: 'probe' },
      })
      expect({ amount, status: res.status }).toEqual({ amount, status: 400 })
    }
    const [after] = await paymentOf(payload, row.booking as number)
    expect(after.refunds ?? []).toHaveLength(0)
  })

  it('cancels a paid booking once when the owner and the desk race, taking points back once', async () => {
    const { booking, user } = await paidBooking(payload, fake, { amount: 12500 })
    expect(await pointsOf(user.id)).toBe(100)
    const answers = await Promise.all([
      api('POST', `/bookings/${booking.id}/cancel`, { token: user.token, body: {} }),
      api('POST', `/bookings/${booking.id}/cancel`, { token: user.token, body: {} }),
      api('POST', `/bookings/${booking.id}/cancel`, {
        token: roles.cs.token,
        body: { reason: 'asked by phone' },
      }),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400])
    expect(await pointsOf(user.id)).toBe(0)
    const [after] = await paymentOf(payload, booking.id)
    const reserved = (after.refunds ?? []).reduce((sum, r) => sum + Number(r.amount), 0)
    // 30 days out: the policy returns 50% or 90%, once.
    expect(reserved).toBeLessThanOrEqual(12500 * 0.9)
    expect((after.refunds ?? []).length).toBe(1)
  })

  it('keeps points at zero and the tier at basecamp through confirm/cancel farming loops', async () => {
    const trekker = await readyTrekker(payload)
    const { batch } = await createTrekBatch(payload, { price: 5000, startsInDays: 60 })
    for (let i = 0; i < 4; i += 1) {
      const created = await book(trekker.token, batch.id)
      expect(created.status).toBe(201)
      const id = created.body.doc.id
      const paid = await api('POST', `/bookings/${id}/offline-payment`, {
        token: roles.finance.token,
        body: { amount: 5000, method: 'cash' },
      })
      expect(paid.status).toBe(201)
      const cancelled = await api('POST', `/bookings/${id}/cancel`, {
        token: trekker.token,
        body: {},
      })
      expect(cancelled.status).toBe(200)
    }
    const user = await payload.findByID({
      collection: 'users',
      id: trekker.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(user.obsPoints).toBe(0)
    expect(user.tribeTier).toBe('basecamp')
  })

  it('flags desk money for a desk refund, never calling Razorpay, when an offline-paid booking is cancelled', async () => {
    const trekker = await readyTrekker(payload)
    const { batch } = await createTrekBatch(payload, { price: 8000, startsInDays: 60 })
    const created = await book(trekker.token, batch.id)
    const id = created.body.doc.id
    await api('POST', `/bookings/${id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 8000, method: 'cash' },
    })
    const before = fake.requests.length
    const res = await api('POST', `/bookings/${id}/cancel`, { token: trekker.token, body: {} })
    expect(res.status).toBe(200)
    // The refund job flags desk money for finance instead of calling Razorpay.
    await runJobs(payload)
    const row = await bookingRow(payload, id)
    expect(row.status).toBe('cancelled')
    expect(Number(row.refundDue)).toBe(7200)
    // Jobs queued by earlier tests run here too: count only calls about this booking.
    const refundCalls = fake.requests
      .slice(before)
      .filter((r) => r.path.includes('/refund') && r.body?.notes?.bookingId === String(id))
    expect(refundCalls).toHaveLength(0)
    const [payment] = await paymentOf(payload, id)
    expect(payment.needsAttention).toBe(true)
  })

  it('does not let a refund.processed event for an unknown refund move money', async () => {
    const { booking } = await paidBooking(payload, fake)
    const res = await deliver(
      webhookEvent('refund.processed', {
        refund: {
          id: 'rfnd_forged',
          payment_id: 'pay_unknown',
          amount: 1250000,
          status: 'processed',
        },
      }),
    )
    expect(res.status).toBeLessThan(500)
    const [after] = await paymentOf(payload, booking.id)
    expect(after.status).toBe('success')
    expect(Number(after.amountRefunded ?? 0)).toBe(0)
  })
})

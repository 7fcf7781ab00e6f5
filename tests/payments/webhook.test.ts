import { describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { type FakeRazorpay, signWebhook, webhookEvent } from '../fakes/razorpay'
import {
  bookingOf,
  capturedEvent,
  deliver,
  expireHold,
  paidAtRazorpay,
  paymentOf,
  runJobs,
  usePayloadAndRazorpayFake,
} from './world'

describe('POST /api/razorpay/webhook', () => {
  let payload: Payload
  let fake: FakeRazorpay

  const eventRows = async (eventId: string) =>
    (
      await payload.find({
        collection: 'razorpay-events',
        where: { eventId: { equals: eventId } },
        overrideAccess: true,
      })
    ).docs

  usePayloadAndRazorpayFake((world) => ({ payload, fake } = world))

  it('applies payment.captured: payment success, booking paid and confirmed, event recorded', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    const event = capturedEvent(payment)

    const res = await deliver(event)

    expect(res.status).toBe(200)
    expect(res.body).toEqual({ received: true, outcome: 'applied' })
    const [row] = await paymentOf(payload, booking.id)
    expect(row).toMatchObject({ status: 'success', razorpayPaymentId: payment.id, method: 'upi' })
    expect(row.razorpayEventIds).toEqual([event.eventId])
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'confirmed',
      amountPaid: 12500,
      balanceDue: 0,
    })
    const [recorded] = await eventRows(event.eventId)
    expect(recorded).toMatchObject({ event: 'payment.captured', outcome: 'applied' })
  })

  it('applies order.paid the same way, and the later payment.captured is a no-op', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    const order = fake.orders.get(payment.order_id)

    const paid = await deliver(webhookEvent('order.paid', { payment, order }))
    const captured = await deliver(capturedEvent(payment))

    expect([paid.body.outcome, captured.body.outcome]).toEqual(['applied', 'ignored'])
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'confirmed',
      amountPaid: 12500,
    })
  })

  it('answers a repeat report of a recorded payment without waiting for the batch lock', async () => {
    const { booking, batch, payment } = await paidAtRazorpay(payload, fake)
    const order = fake.orders.get(payment.order_id)
    expect((await deliver(capturedEvent(payment))).body.outcome).toBe('applied')

    // Another payment or booking of the batch is in the middle of its transaction.
    const db = payload.db as unknown as {
      beginTransaction: () => Promise<string>
      rollbackTransaction: (id: string) => Promise<void>
      sessions: Record<string, { db: { execute: (query: unknown) => Promise<unknown> } }>
    }
    const holder = await db.beginTransaction()
    await db.sessions[holder].db.execute(
      sql`select id from batches where id = ${batch.id} for update`,
    )
    try {
      let timer: NodeJS.Timeout | undefined
      const answered = await Promise.race([
        deliver(webhookEvent('order.paid', { payment, order })).then((res) => res.body.outcome),
        new Promise((resolve) => {
          timer = setTimeout(() => resolve('still waiting on the lock'), 5000)
        }),
      ])
      clearTimeout(timer)
      expect(answered).toBe('ignored')
    } finally {
      await db.rollbackTransaction(holder)
    }
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'confirmed',
      amountPaid: 12500,
    })
  })

  it('refuses forged signatures with 400 and writes nothing', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    const event = capturedEvent(payment)

    const wrongSecret = await deliver(event, { secret: 'someone-elses-secret' })
    const noSignature = await deliver(event, { signature: '' })
    const tamperedBody = await deliver(event, { body: event.body.replace('"upi"', '"card"') })

    for (const res of [wrongSecret, noSignature, tamperedBody]) {
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe('Invalid webhook signature')
    }
    expect(await eventRows(event.eventId)).toHaveLength(0)
    expect((await paymentOf(payload, booking.id))[0].status).toBe('pending')
  })

  it('refuses a signature computed over a re-serialised body', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    const event = capturedEvent(payment)
    // Same JSON value, different bytes: what a framework that parsed and re-stringified would check.
    const reserialised = JSON.stringify(JSON.parse(event.body), null, 2)

    const signedOriginal = await deliver(event, { body: reserialised })
    const signedReserialised = await deliver(
      { eventId: event.eventId, body: reserialised },
      { signature: signWebhook(event.body, env.razorpay.webhookSecrets[0]) },
    )

    expect(signedOriginal.status).toBe(400)
    expect(signedReserialised.status).toBe(400)
    expect(await eventRows(event.eventId)).toHaveLength(0)
    expect((await paymentOf(payload, booking.id))[0].status).toBe('pending')
  })

  it('accepts every configured secret while one is being rotated', async () => {
    const previous = env.razorpay.webhookSecrets
    env.razorpay.webhookSecrets = ['whsec-new-2027', 'whsec-old-2026']
    try {
      const a = await paidAtRazorpay(payload, fake)
      const b = await paidAtRazorpay(payload, fake)

      const withNew = await deliver(capturedEvent(a.payment), { secret: 'whsec-new-2027' })
      const withOld = await deliver(capturedEvent(b.payment), { secret: 'whsec-old-2026' })
      const withRetired = await deliver(capturedEvent(b.payment), { secret: previous[0] })

      expect([withNew.status, withOld.status, withRetired.status]).toEqual([200, 200, 400])
      expect(await bookingOf(payload, a.booking.id)).toMatchObject({ status: 'confirmed' })
      expect(await bookingOf(payload, b.booking.id)).toMatchObject({ status: 'confirmed' })
    } finally {
      env.razorpay.webhookSecrets = previous
    }
  })

  it('applies a redelivered event id once', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    const event = capturedEvent(payment)

    const first = await deliver(event)
    const again = await deliver(event)

    expect(first.body.outcome).toBe('applied')
    expect(again.status).toBe(200)
    expect(again.body.outcome).toBe('duplicate')
    expect(await eventRows(event.eventId)).toHaveLength(1)
    expect(await bookingOf(payload, booking.id)).toMatchObject({ amountPaid: 12500 })
  })

  it('never moves a captured payment back when payment.failed arrives late', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    const failedEarlierAttempt = {
      ...payment,
      status: 'failed',
      error_description: 'Bank declined',
    }

    await deliver(capturedEvent(payment))
    const late = await deliver(webhookEvent('payment.failed', { payment: failedEarlierAttempt }))

    expect(late.status).toBe(200)
    expect(late.body.outcome).toBe('ignored')
    expect((await paymentOf(payload, booking.id))[0]).toMatchObject({
      status: 'success',
      failureReason: null,
    })
    expect(await bookingOf(payload, booking.id)).toMatchObject({ status: 'confirmed' })
  })

  it('records a failed attempt, then a successful retry on the same order', async () => {
    const { booking, payment: succeeded, orderId } = await paidAtRazorpay(payload, fake)
    const failed = fake.fail(orderId, 'Card declined by issuer')

    const first = await deliver(webhookEvent('payment.failed', { payment: failed }))
    const afterFailure = (await paymentOf(payload, booking.id))[0]
    const second = await deliver(capturedEvent(succeeded))

    expect(first.body.outcome).toBe('applied')
    expect(afterFailure).toMatchObject({
      status: 'failed',
      failureReason: 'Card declined by issuer',
    })
    expect(second.body.outcome).toBe('applied')
    expect((await paymentOf(payload, booking.id))[0]).toMatchObject({
      status: 'success',
      razorpayPaymentId: succeeded.id,
      failureReason: null,
    })
  })

  it('flags an amount or currency mismatch for staff and does not apply it', async () => {
    const a = await paidAtRazorpay(payload, fake)
    const b = await paidAtRazorpay(payload, fake)

    const short = await deliver(capturedEvent({ ...a.payment, amount: 100 }))
    const dollars = await deliver(capturedEvent({ ...b.payment, currency: 'USD' }))

    expect([short.status, dollars.status]).toEqual([200, 200])
    expect([short.body.outcome, dollars.body.outcome]).toEqual(['mismatch', 'mismatch'])
    const [rowA] = await paymentOf(payload, a.booking.id)
    expect(rowA).toMatchObject({ status: 'pending', needsAttention: true })
    expect(rowA.attentionReason).toMatch(/reported 1 INR .* expected 12500 INR/)
    expect((await paymentOf(payload, b.booking.id))[0].attentionReason).toMatch(/USD/)
    expect(await bookingOf(payload, a.booking.id)).toMatchObject({
      status: 'pending',
      amountPaid: 0,
    })
    expect(await bookingOf(payload, b.booking.id)).toMatchObject({
      status: 'pending',
      amountPaid: 0,
    })
  })

  it('refunds a payment made after the hold expired, flags it, and follows the refund to processed', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    await expireHold(payload, booking.id, 10)
    const late = { ...payment, created_at: Math.floor(Date.now() / 1000) }

    const res = await deliver(capturedEvent(late))

    expect(res.body.outcome).toBe('refunded_automatically')
    const [row] = await paymentOf(payload, booking.id)
    expect(row).toMatchObject({ status: 'success', needsAttention: true })
    expect(row.attentionReason).toMatch(/hold expired/)
    expect(row.refunds).toHaveLength(1)
    expect(row.refunds![0]).toMatchObject({ amount: 12500, status: 'queued', source: 'automatic' })
    expect(await bookingOf(payload, booking.id)).toMatchObject({ status: 'pending', amountPaid: 0 })
    expect(fake.requestsTo('POST', `/v1/payments/${payment.id}/refund`)).toHaveLength(0)

    await runJobs(payload)

    const calls = fake.requestsTo('POST', `/v1/payments/${payment.id}/refund`)
    expect(calls).toHaveLength(1)
    expect(calls[0].body).toMatchObject({
      amount: 1250000,
      notes: { refundId: row.refunds![0].id },
    })
    const sent = (await paymentOf(payload, booking.id))[0].refunds![0]
    expect(sent.status).toBe('pending')
    const refund = fake.refunds.get(sent.razorpayRefundId!)!

    const processed = await deliver(
      webhookEvent('refund.processed', { refund: { ...refund, status: 'processed' }, payment }),
    )

    expect(processed.body.outcome).toBe('applied')
    expect((await paymentOf(payload, booking.id))[0]).toMatchObject({
      status: 'refunded',
      amountRefunded: 12500,
    })
  })

  it('refunds a payment for a cancelled booking', async () => {
    const { booking, payment } = await paidAtRazorpay(payload, fake)
    await payload.update({
      collection: 'bookings',
      id: booking.id,
      data: { status: 'cancelled' },
      overrideAccess: true,
    })

    const res = await deliver(capturedEvent(payment))

    expect(res.body.outcome).toBe('refunded_automatically')
    const [row] = await paymentOf(payload, booking.id)
    expect(row.attentionReason).toMatch(/cancelled booking/)
    expect(row.refunds![0]).toMatchObject({ amount: 12500, status: 'queued' })
  })

  it('refunds a second payment on an order that was already paid', async () => {
    const { booking, payment, orderId } = await paidAtRazorpay(payload, fake)
    await deliver(capturedEvent(payment))
    const second = fake.capture(orderId)

    const res = await deliver(capturedEvent(second))

    expect(res.body.outcome).toBe('refunded_automatically')
    const rows = await paymentOf(payload, booking.id)
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatchObject({
      razorpayPaymentId: second.id,
      status: 'success',
      needsAttention: true,
    })
    expect(rows[1].refunds![0]).toMatchObject({ amount: 12500, status: 'queued' })
    expect(await bookingOf(payload, booking.id)).toMatchObject({ amountPaid: 12500 })
  })

  it('acknowledges unknown events and unknown orders without changing anything', async () => {
    const unknown = await deliver(
      webhookEvent('subscription.charged', { payment: { id: 'pay_x' } }),
    )
    const stranger = await deliver(
      capturedEvent({
        id: 'pay_notOurs',
        entity: 'payment',
        order_id: 'order_notOurs',
        amount: 100,
        currency: 'INR',
      }),
    )

    expect([unknown.status, unknown.body.outcome]).toEqual([200, 'ignored'])
    expect([stranger.status, stranger.body.outcome]).toEqual([200, 'unmatched'])
  })

  it('refuses a delivery with no event id or a body that is not JSON', async () => {
    const { payment } = await paidAtRazorpay(payload, fake)
    const event = capturedEvent(payment)
    const garbage = { eventId: 'evt_garbage', body: 'not json' }

    expect((await deliver(event, { eventId: '' })).status).toBe(400)
    expect((await deliver(garbage)).status).toBe(400)
    expect(await eventRows('evt_garbage')).toHaveLength(0)
  })
})

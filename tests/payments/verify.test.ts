import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import {
  bookingOf,
  capturedEvent,
  deliver,
  paidAtRazorpay,
  paymentOf,
  usePayloadAndRazorpayFake,
} from './world'

const verify = (user: TestUser | undefined, body: Record<string, unknown>) =>
  api('POST', '/payments/verify', { token: user?.token, body })

describe('POST /api/payments/verify', () => {
  let payload: Payload
  let fake: FakeRazorpay

  usePayloadAndRazorpayFake((world) => ({ payload, fake } = world))

  it('records the payment and confirms the fully paid booking', async () => {
    const { booking, user, orderId, payment } = await paidAtRazorpay(payload, fake)

    const res = await verify(user, {
      razorpayOrderId: orderId,
      razorpayPaymentId: payment.id,
      razorpaySignature: fake.checkoutSignature(orderId, payment.id),
    })

    expect(res.status).toBe(200)
    expect(res.body.outcome).toBe('applied')
    expect(res.body.booking).toEqual({
      id: booking.id,
      status: 'confirmed',
      amountPaid: 12500,
      balanceDue: 0,
    })
    const [row] = await paymentOf(payload, booking.id)
    expect(row).toMatchObject({
      status: 'success',
      razorpayPaymentId: payment.id,
      method: 'upi',
      amount: 12500,
    })
    expect(row.capturedAt).toBeTruthy()
  })

  it('refuses a forged signature with 400 and writes nothing', async () => {
    const { booking, user, orderId, payment } = await paidAtRazorpay(payload, fake)
    const forgeries = [
      fake.checkoutSignature(orderId, payment.id, 'not-the-key-secret'),
      fake.checkoutSignature('order_someOtherOrder', payment.id),
      fake.checkoutSignature(orderId, payment.id).toUpperCase(),
      'abc',
    ]

    for (const razorpaySignature of forgeries) {
      const res = await verify(user, {
        razorpayOrderId: orderId,
        razorpayPaymentId: payment.id,
        razorpaySignature,
      })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe('Payment signature is invalid')
    }
    expect((await paymentOf(payload, booking.id))[0]).toMatchObject({
      status: 'pending',
      razorpayPaymentId: null,
    })
    expect(await bookingOf(payload, booking.id)).toMatchObject({ status: 'pending', amountPaid: 0 })
  })

  it('lets only the booking owner verify, and validates the body', async () => {
    const { user, orderId, payment } = await paidAtRazorpay(payload, fake)
    const stranger = await createUser(payload, null)
    const body = {
      razorpayOrderId: orderId,
      razorpayPaymentId: payment.id,
      razorpaySignature: fake.checkoutSignature(orderId, payment.id),
    }

    expect((await verify(undefined, body)).status).toBe(401)
    expect((await verify(stranger, body)).status).toBe(404)
    expect((await verify(user, { ...body, razorpaySignature: undefined })).status).toBe(400)
    expect((await verify(user, { ...body, razorpayOrderId: 'order_unknown' })).status).toBe(404)
  })

  it('is a no-op after the webhook already applied the payment, and vice versa', async () => {
    const first = await paidAtRazorpay(payload, fake)
    const byWebhook = await deliver(capturedEvent(first.payment))
    const thenVerify = await verify(first.user, {
      razorpayOrderId: first.orderId,
      razorpayPaymentId: first.payment.id,
      razorpaySignature: fake.checkoutSignature(first.orderId, first.payment.id),
    })

    const second = await paidAtRazorpay(payload, fake)
    const byVerify = await verify(second.user, {
      razorpayOrderId: second.orderId,
      razorpayPaymentId: second.payment.id,
      razorpaySignature: fake.checkoutSignature(second.orderId, second.payment.id),
    })
    const thenWebhook = await deliver(capturedEvent(second.payment))

    expect([byWebhook.body.outcome, thenVerify.body.outcome]).toEqual([
      'applied',
      'already_applied',
    ])
    expect([byVerify.body.outcome, thenWebhook.body.outcome]).toEqual(['applied', 'ignored'])
    for (const { booking } of [first, second]) {
      expect(await bookingOf(payload, booking.id)).toMatchObject({
        status: 'confirmed',
        amountPaid: 12500,
        balanceDue: 0,
      })
      expect(await paymentOf(payload, booking.id)).toHaveLength(1)
    }
  })

  it('applies exactly once when verify and the webhook race', async () => {
    const { booking, user, orderId, payment } = await paidAtRazorpay(payload, fake)
    const body = {
      razorpayOrderId: orderId,
      razorpayPaymentId: payment.id,
      razorpaySignature: fake.checkoutSignature(orderId, payment.id),
    }

    const results = await Promise.all([
      verify(user, body),
      deliver(capturedEvent(payment)),
      verify(user, body),
    ])

    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect(results.filter((r) => r.body.outcome === 'applied')).toHaveLength(1)
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'confirmed',
      amountPaid: 12500,
    })
  })
})

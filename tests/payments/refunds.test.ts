import { describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { refundForCancellation } from '@/payments'

import { type FakeRazorpay, webhookEvent } from '../fakes/razorpay'
import { api } from '../helpers/api'
import {
  bookingOf,
  deliver,
  paidAtRazorpay,
  paidBooking,
  paymentOf,
  refundEvent,
  runJobs,
  type RoleUsers,
  usePaymentsWorld,
} from './world'

describe('refunds', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: RoleUsers

  const refund = (token: string | undefined, paymentId: number, body: Record<string, unknown>) =>
    api('POST', `/payments/${paymentId}/refund`, { token, body })

  const rowOf = async (bookingId: number) => (await paymentOf(payload, bookingId))[0]

  usePaymentsWorld((world) => ({ payload, fake, roles } = world))

  it('lets finance refund part, then the rest, with state following Razorpay events', async () => {
    const { booking, row, payment } = await paidBooking(payload, fake)

    const part = await refund(roles.finance.token, row.id, {
      amount: 2500.5,
      reason: 'Goodwill discount',
    })

    expect(part.status).toBe(202)
    expect(part.body.refund).toMatchObject({
      amount: 2500.5,
      status: 'queued',
      source: 'staff',
      reason: 'Goodwill discount',
    })
    await runJobs(payload)
    const call = fake.requestsTo('POST', `/v1/payments/${payment.id}/refund`)
    expect(call).toHaveLength(1)
    expect(call[0].body).toMatchObject({
      amount: 250050,
      speed: 'normal',
      notes: { refundId: part.body.refund.id },
    })
    const sent = (await rowOf(booking.id)).refunds![0]
    expect(sent).toMatchObject({ status: 'pending', requestedBy: roles.finance.id })
    expect((await refundEvent(fake, sent.razorpayRefundId!, 'processed')).body.outcome).toBe(
      'applied',
    )
    expect(await rowOf(booking.id)).toMatchObject({ status: 'success', amountRefunded: 2500.5 })

    const rest = await refund(roles.super_admin.token, row.id, {
      reason: 'Trek cancelled by trekker',
    })

    expect(rest.status).toBe(202)
    expect(rest.body.refund.amount).toBe(9999.5)
    await runJobs(payload)
    const second = (await rowOf(booking.id)).refunds![1]
    await refundEvent(fake, second.razorpayRefundId!, 'processed')
    expect(await rowOf(booking.id)).toMatchObject({ status: 'refunded', amountRefunded: 12500 })
  })

  it('settles a processed refund on the booking once, and only what the booking owed', async () => {
    const { booking, user } = await paidBooking(payload, fake)
    const cancelled = await api('POST', `/bookings/${booking.id}/cancel`, {
      token: user.token,
      body: {},
    })
    const owed = Number(cancelled.body.doc.refundDue)
    await runJobs(payload)
    const sent = (await rowOf(booking.id)).refunds![0]

    // Razorpay redelivers (a new event id for the same refund): the booking counts it once.
    await refundEvent(fake, sent.razorpayRefundId!, 'processed')
    const again = await refundEvent(fake, sent.razorpayRefundId!, 'processed')
    expect(again.status).toBe(200)
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      refundDue: 0,
      refundedAmount: owed,
    })

    // A goodwill refund of the rest goes back to the trekker but was never owed by the booking.
    const goodwill = await refund(roles.finance.token, (await rowOf(booking.id)).id, {
      reason: 'Goodwill: the rest back',
    })
    expect(goodwill.status).toBe(202)
    await runJobs(payload)
    const rest = (await rowOf(booking.id)).refunds![1]
    expect((await refundEvent(fake, rest.razorpayRefundId!, 'processed')).body.outcome).toBe(
      'applied',
    )
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      refundDue: 0,
      refundedAmount: owed,
    })
  })

  it('refuses refunds beyond what is left, of unpaid payments, and without a reason', async () => {
    const { row } = await paidBooking(payload, fake)
    const unpaid = await paidAtRazorpay(payload, fake)
    const unpaidRow = (await paymentOf(payload, unpaid.booking.id))[0]
    await refund(roles.finance.token, row.id, { amount: 10000, reason: 'Partial' })

    const tooMuch = await refund(roles.finance.token, row.id, { amount: 2500.01, reason: 'Again' })
    const pending = await refund(roles.finance.token, unpaidRow.id, { reason: 'Not paid' })
    const noReason = await refund(roles.finance.token, row.id, { amount: 10 })
    const badAmount = await refund(roles.finance.token, row.id, { amount: 10.001, reason: 'x' })
    // Below a paisa is 0 paise to Razorpay, which would refuse it after we reserved it.
    const subPaisa = await refund(roles.finance.token, row.id, { amount: 1e-9, reason: 'x' })
    const missing = await refund(roles.finance.token, 99999999, { reason: 'x' })

    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body.errors[0].message).toMatch(/At most ₹2,500.00/)
    expect(pending.status).toBe(400)
    expect(noReason.status).toBe(400)
    expect(badAmount.status).toBe(400)
    expect(subPaisa.status).toBe(400)
    expect(missing.status).toBe(404)
    expect((await payload.findByID({ collection: 'payments', id: row.id })).refunds).toHaveLength(1)

    // "The rest" asked for when earlier refunds, still under way, hold all of it (round 32's note).
    await refund(roles.finance.token, row.id, { amount: 2500, reason: 'The rest' })
    const nothingLeft = await refund(roles.finance.token, row.id, { reason: 'Again, all of it' })
    expect(nothingLeft.status).toBe(400)
    expect(nothingLeft.body.errors[0].message).toBe(
      'Nothing is left to refund on this payment: earlier refunds hold all of it',
    )
  })

  it('is for finance and super_admin only', async () => {
    const { row } = await paidBooking(payload, fake)
    const body = { amount: 1, reason: 'Role check' }

    expect((await refund(undefined, row.id, body)).status).toBe(401)
    for (const user of [roles.trekker, roles.ops_manager, roles.cs, roles.content, roles.guide]) {
      expect((await refund(user.token, row.id, body)).status).toBe(403)
    }
    expect((await payload.findByID({ collection: 'payments', id: row.id })).refunds).toHaveLength(0)
  })

  it('flags a refund Razorpay reports as failed and frees its amount to be refunded again', async () => {
    const { booking, row } = await paidBooking(payload, fake)
    await refund(roles.finance.token, row.id, { reason: 'Cancelled' })
    await runJobs(payload)
    const sent = (await rowOf(booking.id)).refunds![0]

    const res = await refundEvent(fake, sent.razorpayRefundId!, 'failed')

    expect(res.body.outcome).toBe('applied')
    const after = await rowOf(booking.id)
    expect(after.refunds![0].status).toBe('failed')
    expect(after).toMatchObject({ status: 'success', amountRefunded: 0, needsAttention: true })
    expect(after.attentionReason).toMatch(/failed at Razorpay/)
    expect((await refund(roles.finance.token, row.id, { reason: 'Retry' })).status).toBe(202)
  })

  it('does not refund twice when the job runs again after Razorpay already made the refund', async () => {
    const { booking, row, payment } = await paidBooking(payload, fake)
    const asked = await refund(roles.finance.token, row.id, { amount: 100, reason: 'Once only' })
    await runJobs(payload)
    const made = (await rowOf(booking.id)).refunds![0].razorpayRefundId
    // As if the worker died after Razorpay answered but before our write committed.
    const current = await rowOf(booking.id)
    await payload.update({
      collection: 'payments',
      id: row.id,
      data: {
        refunds: current.refunds!.map((r) => ({ ...r, status: 'queued', razorpayRefundId: null })),
      },
      overrideAccess: true,
    })
    await payload.jobs.queue({
      task: 'refundRazorpayPayment',
      input: { paymentId: row.id, refundId: asked.body.refund.id },
    })

    await runJobs(payload)

    expect(fake.requestsTo('POST', `/v1/payments/${payment.id}/refund`)).toHaveLength(1)
    expect((await rowOf(booking.id)).refunds![0]).toMatchObject({
      razorpayRefundId: made,
      status: 'pending',
    })
  })

  it('marks a refund Razorpay refuses as failed and flags it; leaves it queued while Razorpay is down', async () => {
    const refused = await paidBooking(payload, fake)
    fake.payments.get(refused.payment.id)!.amount_refunded = 1250000
    await refund(roles.finance.token, refused.row.id, { reason: 'Refused' })
    await runJobs(payload)

    const down = await paidBooking(payload, fake)
    await refund(roles.finance.token, down.row.id, { reason: 'Outage' })
    fake.failNext = { count: 3, status: 503 }
    await runJobs(payload)
    fake.failNext = { count: 0, status: 503 }

    const refusedRow = await rowOf(refused.booking.id)
    expect(refusedRow.refunds![0]).toMatchObject({ status: 'failed' })
    expect(refusedRow.refunds![0].failureReason).toMatch(/greater than amount captured/)
    expect(refusedRow).toMatchObject({ needsAttention: true, status: 'success' })
    expect((await rowOf(down.booking.id)).refunds![0]).toMatchObject({
      status: 'queued',
      razorpayRefundId: null,
    })
  })

  it('records a refund made from the Razorpay dashboard', async () => {
    const { booking, payment } = await paidBooking(payload, fake)
    const dashboard = {
      id: 'rfnd_dashboard01',
      entity: 'refund',
      amount: 50000,
      currency: 'INR',
      payment_id: payment.id,
      notes: [],
      status: 'processed',
    }

    const res = await deliver(webhookEvent('refund.processed', { refund: dashboard }))

    expect(res.body.outcome).toBe('applied')
    const row = await rowOf(booking.id)
    expect(row.refunds![0]).toMatchObject({
      amount: 500,
      source: 'razorpay',
      status: 'processed',
      razorpayRefundId: 'rfnd_dashboard01',
    })
    expect(row.amountRefunded).toBe(500)
  })

  it("issues the cancellation policy's refund inside the caller's transaction", async () => {
    const { booking, row } = await paidBooking(payload, fake)
    const req = await createLocalReq({}, payload)

    const result = await refundForCancellation({
      bookingId: booking.id,
      refundDue: 6250,
      reason: 'Cancelled 20 days out',
      req,
    })

    expect(result.total).toBe(6250)
    expect(result.refunds).toEqual([
      { paymentId: row.id, amount: 6250, refundId: expect.any(String) },
    ])
    expect((await rowOf(booking.id)).refunds![0]).toMatchObject({
      amount: 6250,
      source: 'cancellation',
      status: 'queued',
    })
    const none = await refundForCancellation({
      bookingId: booking.id,
      refundDue: 0,
      reason: 'No refund',
      req,
    })
    expect(none).toEqual({ total: 0, refunds: [] })
  })
})

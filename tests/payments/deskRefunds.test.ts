import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api, graphql } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import {
  bookingOf,
  createPendingBooking,
  createTrekBatch,
  paidBooking,
  paymentOf,
  runJobs,
  startPaymentsWorld,
} from './world'

/**
 * Money taken at the desk (cash, bank transfer) never went through Razorpay, so its refunds
 * are paid back by hand: each one holds its share of the payment from the moment it is asked,
 * waits as `pending` until finance records the payout, and then settles the booking.
 */
describe('refunds of desk payments', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: Awaited<ReturnType<typeof createRoleUsers>>

  const refund = (token: string | undefined, paymentId: number, body: Record<string, unknown>) =>
    api('POST', `/payments/${paymentId}/refund`, { token, body })
  const markPaid = (
    token: string | undefined,
    paymentId: number | string,
    refundId: string,
    body: Record<string, unknown> = { reference: 'Desk voucher 77' },
  ) => api('POST', `/payments/${paymentId}/refunds/${refundId}/paid`, { token, body })

  /** A booking of `amount` paid in full in cash at the desk, confirmed. */
  async function paidAtDesk(amount = 13450, startsInDays = 45) {
    const { batch } = await createTrekBatch(payload, { price: amount, startsInDays })
    const world = await createPendingBooking(payload, { amount, batch })
    const paid = await api('POST', `/bookings/${world.booking.id}/offline-payment`, {
      token: roles.finance.token,
      body: { amount, method: 'cash', reference: 'Desk receipt 118' },
    })
    expect(paid.status).toBe(201)
    const [row] = await paymentOf(payload, world.booking.id)
    return { ...world, row }
  }

  const rowOf = async (bookingId: number) => (await paymentOf(payload, bookingId))[0]
  // Only this booking's: running the job queue also runs refunds other files left queued.
  const razorpayRefundCalls = (bookingId: number) =>
    fake.requests.filter(
      (call) =>
        call.method === 'POST' &&
        call.path.endsWith('/refund') &&
        call.body?.notes?.bookingId === String(bookingId),
    )

  beforeAll(async () => {
    ;({ payload, fake } = await startPaymentsWorld())
    roles = await createRoleUsers(payload)
  })
  afterAll(async () => {
    await fake.stop()
  })

  it('holds each refund from the moment it is asked: a third beyond what was paid is refused', async () => {
    const { booking, row } = await paidAtDesk(13450)

    const goodwill = await refund(roles.finance.token, row.id, { amount: 2500, reason: 'Goodwill' })
    const second = await refund(roles.finance.token, row.id, { amount: 10000, reason: 'Partial' })
    await runJobs(payload)
    const third = await refund(roles.finance.token, row.id, { amount: 13450, reason: 'Again' })
    const everything = await refund(roles.super_admin.token, row.id, { reason: 'The rest' })

    expect(goodwill.status).toBe(202)
    expect(goodwill.body.refund).toMatchObject({ amount: 2500, status: 'pending' })
    expect(second.status).toBe(202)
    expect(third.status).toBe(400)
    expect(third.body.errors[0].message).toBe(
      'At most ₹950.00 of this payment can still be refunded',
    )
    // Without an amount: what is left, and then nothing more.
    expect(everything.status).toBe(202)
    expect(everything.body.refund.amount).toBe(950)
    expect((await refund(roles.finance.token, row.id, { reason: 'More' })).status).toBe(400)

    const after = await rowOf(booking.id)
    expect(after.refunds!.map((r) => [r.amount, r.status, r.failureReason ?? null])).toEqual([
      [2500, 'pending', null],
      [10000, 'pending', null],
      [950, 'pending', null],
    ])
    expect(after).toMatchObject({ status: 'success', amountRefunded: 0, needsAttention: true })
    expect(after.attentionReason).toContain(
      `Refund ${goodwill.body.refund.id} of ₹2,500.00 must be paid back by hand: this cash ` +
        'payment was not taken through Razorpay',
    )
    expect(razorpayRefundCalls(booking.id)).toEqual([])
  })

  it('shows a cancelled desk booking’s refund as waiting to be paid by hand, not failed', async () => {
    const { booking, user, row } = await paidAtDesk(13450, 45)

    const cancelled = await api('POST', `/bookings/${booking.id}/cancel`, {
      token: user.token,
      body: { reason: 'Injured knee' },
    })
    expect(cancelled.status).toBe(200)
    await runJobs(payload)

    const forFinance = await api('GET', `/payments/${row.id}?depth=0`, {
      token: roles.finance.token,
    })
    expect(forFinance.body.refunds).toEqual([
      expect.objectContaining({
        amount: 12105,
        status: 'pending',
        source: 'cancellation',
        razorpayRefundId: null,
      }),
    ])
    expect(forFinance.body.refunds[0].failureReason ?? null).toBeNull()
    expect(forFinance.body).toMatchObject({ needsAttention: true, amountRefunded: 0 })

    const query = `query($id: Int!) { Payment(id: $id) { amountRefunded refunds { amount status } } }`
    for (const token of [roles.finance.token, user.token]) {
      const read = await graphql(query, { id: row.id }, token)
      expect(read.body.data.Payment).toEqual({
        amountRefunded: 0,
        refunds: [{ amount: 12105, status: 'pending' }],
      })
    }

    const exported = await api('GET', '/users/me/export', { token: user.token })
    expect(exported.body.payments[0].refunds).toEqual([
      { amount: 12105, status: 'pending', paidBack: 'by_hand', requestedAt: expect.any(String) },
    ])
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      status: 'cancelled',
      refundDue: 12105,
      refundedAmount: 0,
    })
  })

  it('lets finance record a desk refund as paid, which settles the booking', async () => {
    const { booking, user, row, batch } = await paidAtDesk(13450)
    const goodwill = await refund(roles.finance.token, row.id, { amount: 2500, reason: 'Goodwill' })
    const called = await api('POST', `/batches/${batch.id}/cancel`, {
      token: roles.ops_manager.token,
      body: { reason: 'Pass closed by snowfall' },
    })
    expect(called.status).toBe(200)
    await runJobs(payload)
    const [, owed] = (await rowOf(booking.id)).refunds!
    // Everything paid comes back: the goodwill refund already holds ₹2,500 of it, so the
    // booking is owed (and the cancellation refunds) the ₹10,950 OBS still held.
    expect(owed).toMatchObject({ amount: 10950, status: 'pending', source: 'batch_cancellation' })
    expect(await bookingOf(payload, booking.id)).toMatchObject({ refundDue: 10950 })

    const paid = await markPaid(roles.finance.token, row.id, owed.id!, {
      reference: 'NEFT UTR 4411',
    })

    expect(paid.status).toBe(200)
    expect(paid.body.refund).toMatchObject({
      id: owed.id,
      amount: 10950,
      status: 'processed',
      payoutReference: 'NEFT UTR 4411',
    })
    expect(paid.body.payment).toMatchObject({
      id: row.id,
      status: 'success',
      amountRefunded: 10950,
    })
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      refundDue: 0,
      refundedAmount: 10950,
    })
    const between = await rowOf(booking.id)
    // The goodwill refund is still owed by hand, so the payment stays on finance's list.
    expect(between.needsAttention).toBe(true)
    expect(between.attentionReason).toContain(
      `Refund ${owed.id} of ₹10,950.00 paid back by hand, reference NEFT UTR 4411`,
    )

    expect((await markPaid(roles.super_admin.token, row.id, goodwill.body.refund.id)).status).toBe(
      200,
    )
    const settled = await rowOf(booking.id)
    expect(settled).toMatchObject({
      status: 'refunded',
      amountRefunded: 13450,
      needsAttention: false,
    })
    // The goodwill was asked for before the cancellation, which counted it: the booking's
    // refund stays what the cancellation owed.
    expect(await bookingOf(payload, booking.id)).toMatchObject({
      refundDue: 0,
      refundedAmount: 10950,
    })
    const exported = await api('GET', '/users/me/export', { token: user.token })
    const { payments } = exported.body
    expect(payments[0]).toMatchObject({ status: 'refunded', amountRefunded: 13450 })
    expect(payments[0].refunds.map((r: any) => [r.amount, r.status, r.paidBack])).toEqual([
      [2500, 'processed', 'by_hand'],
      [10950, 'processed', 'by_hand'],
    ])
  })

  it('is for finance and super_admin, once, on a desk refund that exists', async () => {
    const { booking, row } = await paidAtDesk(5000)
    const asked = await refund(roles.finance.token, row.id, { amount: 1000, reason: 'Goodwill' })
    const refundId = asked.body.refund.id as string

    expect((await markPaid(undefined, row.id, refundId)).status).toBe(401)
    for (const user of [roles.trekker, roles.cs, roles.ops_manager, roles.content, roles.guide]) {
      expect((await markPaid(user.token, row.id, refundId)).status).toBe(403)
    }
    const noReference = await markPaid(roles.finance.token, row.id, refundId, { reference: ' ' })
    expect(noReference.status).toBe(400)
    expect(noReference.body.errors[0].message).toMatch(/reference/)
    expect((await markPaid(roles.finance.token, 99999999, refundId)).status).toBe(404)
    expect((await markPaid(roles.finance.token, row.id, 'no-such-refund')).status).toBe(404)
    const other = await paidAtDesk(5000)
    expect((await markPaid(roles.finance.token, other.row.id, refundId)).status).toBe(404)
    expect((await rowOf(booking.id)).refunds![0].status).toBe('pending')

    // Two finance clicks at once: the payment row lock lets one record it.
    const clicks = await Promise.all([
      markPaid(roles.finance.token, row.id, refundId),
      markPaid(roles.super_admin.token, row.id, refundId),
    ])
    expect(clicks.map((click) => click.status).sort()).toEqual([200, 409])
    const twice = await markPaid(roles.finance.token, row.id, refundId, { reference: 'Other' })

    expect(twice.status).toBe(409)
    expect(twice.body.errors[0].message).toBe('This refund is already recorded as paid')
    const after = await rowOf(booking.id)
    expect(after).toMatchObject({ amountRefunded: 1000 })
    expect(after.attentionReason).not.toContain('reference Other')

    const spec = (await api('GET', '/openapi.json')).body
    const operation = spec.paths['/api/payments/{id}/refunds/{refundId}/paid'].post
    expect(operation['x-roles']).toEqual(['finance', 'super_admin'])
    expect(Object.keys(operation.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
    ])
  })

  it('refuses a payout reference over 120 characters rather than cutting it', async () => {
    const { booking, row } = await paidAtDesk(5000)
    const asked = await refund(roles.finance.token, row.id, { amount: 1000, reason: 'Goodwill' })
    const refundId = asked.body.refund.id as string

    const tooLong = await markPaid(roles.finance.token, row.id, refundId, {
      reference: 'U'.repeat(121),
    })

    expect(tooLong.status).toBe(400)
    expect(tooLong.body.errors[0].message).toBe('reference must be at most 120 characters')
    expect((await rowOf(booking.id)).refunds![0]).toMatchObject({ status: 'pending' })

    const longest = 'U'.repeat(120)
    const paid = await markPaid(roles.finance.token, row.id, refundId, { reference: longest })

    expect(paid.status).toBe(200)
    const after = await rowOf(booking.id)
    expect(after.attentionReason).toContain(`reference ${longest} (recorded`)
    expect(after.refunds![0]).toMatchObject({ status: 'processed', payoutReference: longest })
  })

  it('leaves Razorpay refunds to Razorpay: they cannot be recorded as paid by hand', async () => {
    const { booking, user, row } = await paidBooking(payload, fake)
    const asked = await refund(roles.finance.token, row.id, { amount: 100, reason: 'Goodwill' })
    await runJobs(payload)

    const res = await markPaid(roles.finance.token, row.id, asked.body.refund.id)

    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(/Razorpay/)
    expect((await rowOf(booking.id)).refunds![0]).toMatchObject({ status: 'pending' })
    expect(await bookingOf(payload, booking.id)).toMatchObject({ refundedAmount: 0 })
    const exported = await api('GET', '/users/me/export', { token: user.token })
    expect(exported.body.payments[0].refunds).toEqual([
      expect.objectContaining({ amount: 100, paidBack: 'through_razorpay' }),
    ])
  })

  it('settles desk refunds recorded before this fix: queued ones wait, failed ones fit what is left', async () => {
    const { booking, row } = await paidAtDesk(13450)
    // What the refund job used to leave: every desk refund "failed", none of them holding money.
    const failed = (amount: number, id: string) => ({
      id,
      amount,
      status: 'failed' as const,
      source: 'staff' as const,
      reason: 'Recorded before desk refunds were held',
      failureReason: 'the payment has no Razorpay payment id',
      requestedAt: new Date().toISOString(),
    })
    await payload.update({
      collection: 'payments',
      id: row.id,
      data: {
        refunds: [
          failed(12950, 'legacy-a'),
          failed(12950, 'legacy-b'),
          { ...failed(500, 'legacy-queued'), status: 'queued', failureReason: null },
        ],
      },
      overrideAccess: true,
    })
    await payload.jobs.queue({
      task: 'refundRazorpayPayment',
      input: { paymentId: row.id, refundId: 'legacy-queued' },
    })
    await runJobs(payload)
    expect((await rowOf(booking.id)).refunds![2]).toMatchObject({ status: 'pending' })

    // Finance records the one they paid; the duplicate no longer fits (₹500 is held).
    const first = await markPaid(roles.finance.token, row.id, 'legacy-a')
    const second = await markPaid(roles.finance.token, row.id, 'legacy-b')

    expect(first.status).toBe(200)
    expect(first.body.refund).toMatchObject({ status: 'processed', failureReason: null })
    expect(second.status).toBe(400)
    expect(second.body.errors[0].message).toBe(
      'At most ₹0.00 of this payment can still be refunded',
    )
    expect((await markPaid(roles.finance.token, row.id, 'legacy-queued')).status).toBe(200)
    expect(await rowOf(booking.id)).toMatchObject({ status: 'refunded', amountRefunded: 13450 })
    expect((await rowOf(booking.id)).refunds![1]).toMatchObject({ status: 'failed' })
  })
})

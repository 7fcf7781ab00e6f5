import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import {
  bookingOf,
  createPendingBooking,
  createTrekBatch,
  paidBooking,
  paymentOf,
  runJobs,
  type RoleUsers,
  usePaymentsWorld,
} from './world'

describe('POST /api/batches/:id/cancel', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: RoleUsers

  const cancel = (token: string | undefined, batchId: number, body: Record<string, unknown>) =>
    api('POST', `/batches/${batchId}/cancel`, { token, body })

  usePaymentsWorld((world) => ({ payload, fake, roles } = world))

  it('cancels every live booking and refunds everything paid, in full', async () => {
    const { batch } = await createTrekBatch(payload, { price: 15000 })
    const paidA = await paidBooking(payload, fake, { amount: 15000, batch })
    const paidB = await paidBooking(payload, fake, { amount: 15000, batch })
    const unpaid = await createPendingBooking(payload, { amount: 15000, batch })
    const other = await paidBooking(payload, fake, { amount: 15000 })

    const res = await cancel(roles.ops_manager.token, batch.id, {
      reason: 'Heavy snowfall closed the pass',
    })

    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      batchId: batch.id,
      status: 'cancelled',
      cancelledBookings: 3,
      refundsQueued: 2,
      refundTotal: 30000,
    })
    expect((await payload.findByID({ collection: 'batches', id: batch.id })).status).toBe(
      'cancelled',
    )
    for (const { booking } of [paidA, paidB, unpaid]) {
      expect((await bookingOf(payload, booking.id)).status).toBe('cancelled')
    }
    expect((await bookingOf(payload, other.booking.id)).status).toBe('confirmed')
    const refundsOf = async (bookingId: number) => (await paymentOf(payload, bookingId))[0].refunds
    expect(await refundsOf(paidA.booking.id)).toEqual([
      expect.objectContaining({ amount: 15000, source: 'batch_cancellation', status: 'queued' }),
    ])
    expect(await refundsOf(other.booking.id)).toEqual([])

    await runJobs(payload)

    expect(fake.requestsTo('POST', `/v1/payments/${paidA.payment.id}/refund`)[0].body.amount).toBe(
      1500000,
    )
    expect(fake.requestsTo('POST', `/v1/payments/${paidB.payment.id}/refund`)[0].body.amount).toBe(
      1500000,
    )
    expect((await refundsOf(paidB.booking.id))![0].status).toBe('pending')

    // Every trekker of the batch is told, with what they are owed; nobody else.
    const { docs: mails } = await payload.find({
      collection: 'notification-deliveries',
      where: { template: { equals: 'booking_cancelled' } },
      overrideAccess: true,
      limit: 100,
    })
    const toBooking = (id: number) =>
      mails.filter((mail) => (mail.booking as any)?.id === id || mail.booking === id)
    for (const { booking } of [paidA, paidB]) {
      expect(toBooking(booking.id).map((mail) => mail.params)).toEqual([
        expect.objectContaining({
          calledOff: 'yes',
          refundAmount: expect.stringMatching(/15,000/),
        }),
      ])
    }
    expect(toBooking(unpaid.booking.id).map((mail) => (mail.params as any).refundAmount)).toEqual([
      expect.stringMatching(/\b0\b/),
    ])
    expect(toBooking(other.booking.id)).toEqual([])
  })

  it('keeps the desk’s reason on the batch for staff; trekkers read a neutral one', async () => {
    const { batch } = await createTrekBatch(payload, { price: 12000 })
    const paid = await paidBooking(payload, fake, { amount: 12000, batch })
    const reason = 'Internal: the guide refuses this group after complaints about A. Rao'
    expect((await cancel(roles.ops_manager.token, batch.id, { reason })).status).toBe(200)

    const booking = await api('GET', `/bookings/${paid.booking.id}`, { token: paid.user.token })
    expect(booking.body.cancellationReason).toBe('Departure called off by OBS')
    const payments = await api('GET', `/payments?where[booking][equals]=${paid.booking.id}`, {
      token: paid.user.token,
    })
    expect(payments.body.docs[0].refunds.map((refund: any) => refund.reason)).toEqual([
      'Departure called off by OBS',
    ])
    const exported = await api('GET', '/users/me/export', { token: paid.user.token })
    expect(JSON.stringify(exported.body)).not.toContain('complaints about')

    const readBy = async (token?: string) =>
      (await api('GET', `/batches/${batch.id}`, { token })).body.calledOffReason
    for (const staff of [roles.ops_manager, roles.cs, roles.finance, roles.content]) {
      expect(await readBy(staff.token)).toBe(reason)
    }
    for (const other of [roles.guide, roles.trekker, paid.user]) {
      expect(await readBy(other.token)).toBeUndefined()
    }
    const edited = await api('PATCH', `/batches/${batch.id}`, {
      token: roles.ops_manager.token,
      body: { calledOffReason: 'rewritten' },
    })
    expect(edited.status).toBeLessThan(500)
    expect((await payload.findByID({ collection: 'batches', id: batch.id })).calledOffReason).toBe(
      reason,
    )
  })

  it('is for ops managers and super admins, needs a reason, and happens once', async () => {
    const { batch } = await createTrekBatch(payload)
    const body = { reason: 'Guide unavailable' }

    expect((await cancel(undefined, batch.id, body)).status).toBe(401)
    for (const user of [roles.trekker, roles.finance, roles.cs, roles.content, roles.guide]) {
      expect((await cancel(user.token, batch.id, body)).status).toBe(403)
    }
    expect((await cancel(roles.super_admin.token, batch.id, {})).status).toBe(400)
    expect((await payload.findByID({ collection: 'batches', id: batch.id })).status).toBe('open')
    expect((await cancel(roles.super_admin.token, batch.id, body)).status).toBe(200)
    const again = await cancel(roles.super_admin.token, batch.id, body)
    expect(again.status).toBe(400)
    expect(again.body.errors[0].message).toMatch(/already cancelled/)
    expect((await cancel(roles.super_admin.token, 99999999, body)).status).toBe(404)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { CANCELLATION_POLICY, refundDueOnCancel, refundShareFor } from '@/bookings'
import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'

import { batchRow, book, bookableBatch, bookingRow, DAY, payInFull, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

const cancel = (id: number, token?: string, body: Record<string, unknown> = {}) =>
  api('POST', `/bookings/${id}/cancel`, { token, body })

async function booked(options: { seats?: number; startsInDays?: number; price?: number } = {}) {
  const { batch, trek } = await bookableBatch(payload, options)
  const trekker = await readyTrekker(payload)
  const res = await book(trekker.token, batch.id)
  expect(res.status).toBe(201)
  return { batch, trek, trekker, bookingId: res.body.doc.id as number }
}

/** Moves a batch's start into the past, as time passing would. */
async function startBatch(batchId: number) {
  await payload.db.updateOne({
    collection: 'batches',
    id: batchId,
    data: {
      startDate: new Date(Date.now() - DAY).toISOString(),
      endDate: new Date(Date.now() + 4 * DAY).toISOString(),
    },
    returning: false,
  })
}

describe('POST /api/bookings/:id/cancel', () => {
  it('lets the owner cancel before the start: frees the seat, reopens the batch, records who and why', async () => {
    const { batch, trek, trekker, bookingId } = await booked({ seats: 1 })
    expect((await batchRow(payload, batch.id)).status).toBe('full')

    const res = await cancel(bookingId, trekker.token, { reason: 'Exams moved' })

    expect(res.status).toBe(200)
    expect(res.body.doc).toMatchObject({
      id: bookingId,
      status: 'cancelled',
      cancellationReason: 'Exams moved',
      refundDue: 0,
    })
    const row = await bookingRow(payload, bookingId)
    expect(row).toMatchObject({
      status: 'cancelled',
      cancelledBy: trekker.id,
      cancellationReason: 'Exams moved',
    })
    expect(Date.now() - Date.parse(row.cancelledAt!)).toBeLessThan(5 * 60_000)
    expect(await batchRow(payload, batch.id)).toMatchObject({
      status: 'open',
      bookedSeats: 0,
      availableSeats: 1,
    })
    const card = await payload.findByID({ collection: 'treks', id: trek.id, overrideAccess: true })
    expect(card.seatsLeft).toBe(1)

    const again = await cancel(bookingId, trekker.token)
    expect(again.status).toBe(400)
    expect(again.body.errors[0].message).toBe('This booking is already cancelled')
  })

  it('refuses the owner once the lifecycle has marked the departure under way, before its start hour', async () => {
    // The lifecycle marks a departure `ongoing` at the start of its first Kolkata day; its
    // start instant may be hours later. The party is gathering by then: the trekker's own
    // cancellation (and its refund by the policy) ends when the departure is under way.
    const { batch, trekker, bookingId } = await booked({ seats: 2 })
    await payload.db.updateOne({
      collection: 'batches',
      id: batch.id,
      data: { status: 'ongoing' },
      returning: false,
    })

    const byOwner = await cancel(bookingId, trekker.token, { reason: 'Overslept' })
    expect(byOwner.status).toBe(400)
    expect(byOwner.body.errors[0].message).toBe(
      'This trek has already started; contact our support team to cancel',
    )
    expect((await bookingRow(payload, bookingId)).status).toBe('pending')
  })

  it('refuses the owner once the trek has started, but not cs; a started batch stays closed', async () => {
    const { batch, trekker, bookingId } = await booked({ seats: 1 })
    await startBatch(batch.id)

    const byOwner = await cancel(bookingId, trekker.token, { reason: 'Ill' })
    expect(byOwner.status).toBe(400)
    expect(byOwner.body.errors[0].message).toBe(
      'This trek has already started; contact our support team to cancel',
    )

    const byCs = await cancel(bookingId, roles.cs.token, { reason: 'Altitude sickness on day 1' })
    expect(byCs.status).toBe(200)
    expect(await bookingRow(payload, bookingId)).toMatchObject({
      status: 'cancelled',
      cancelledBy: roles.cs.id,
    })
    expect(await batchRow(payload, batch.id)).toMatchObject({
      status: 'full',
      bookedSeats: 0,
      availableSeats: 1,
    })
  })

  it('lets ops and super admins cancel any booking, with a reason', async () => {
    for (const role of ['ops_manager', 'super_admin'] as const) {
      const { bookingId } = await booked()
      const unexplained = await cancel(bookingId, roles[role].token)
      expect(unexplained.status).toBe(400)
      expect(unexplained.body.errors[0].message).toBe('Give the reason for cancelling this booking')
      const res = await cancel(bookingId, roles[role].token, { reason: 'Duplicate booking' })
      expect(res.status).toBe(200)
      expect((await bookingRow(payload, bookingId)).cancelledBy).toBe(roles[role].id)
    }
  })

  it('refuses everyone else', async () => {
    const { bookingId } = await booked()
    const stranger = await readyTrekker(payload)

    expect((await cancel(bookingId, undefined, { reason: 'x' })).status).toBe(401)
    expect((await cancel(bookingId, stranger.token, { reason: 'x' })).status).toBe(404)
    for (const role of ['finance', 'content', 'guide'] as const) {
      expect((await cancel(bookingId, roles[role].token, { reason: 'x' })).status).toBe(403)
    }
    expect((await cancel(99999999, roles.cs.token, { reason: 'x' })).status).toBe(404)
    expect((await cancel(bookingId, roles.cs.token, { reason: 42 })).status).toBe(400)
    expect((await bookingRow(payload, bookingId)).status).toBe('pending')
  })

  it.each([
    [45, 0.9],
    [20, 0.5],
    [10, 0.25],
    [3, 0],
  ])(
    'owes back the policy share of what was paid when cancelled %i days ahead',
    async (days, share) => {
      const { trekker, bookingId } = await booked({ startsInDays: days, price: 20000 })
      expect((await payInFull(payload, roles.finance.token, bookingId)).status).toBe(201)

      const res = await cancel(bookingId, trekker.token, { reason: 'Changed plans' })

      expect(res.status).toBe(200)
      expect(await bookingRow(payload, bookingId)).toMatchObject({
        amountPaid: 20000,
        refundDue: 20000 * share,
      })
    },
  )

  it('leaves the refund of a desk (cash) payment to finance: owed by hand and flagged', async () => {
    const { trekker, bookingId } = await booked({ startsInDays: 45, price: 20000 })
    expect((await payInFull(payload, roles.cs.token, bookingId)).status).toBe(201)

    const res = await cancel(bookingId, trekker.token, { reason: 'Injured knee' })
    expect(res.status).toBe(200)
    await runJobs(payload)

    const { docs } = await payload.find({
      collection: 'payments',
      where: { booking: { equals: bookingId } },
      overrideAccess: true,
    })
    expect(docs).toHaveLength(1)
    const [payment] = docs
    expect(payment).toMatchObject({
      status: 'success',
      method: 'cash',
      amount: 20000,
      amountRefunded: 0,
      needsAttention: true,
    })
    expect(payment.refunds).toHaveLength(1)
    expect(payment.refunds![0]).toMatchObject({
      amount: 18000,
      // Waiting to be paid back by hand, holding its share of the payment; not failed.
      status: 'pending',
      source: 'cancellation',
      razorpayRefundId: null,
    })
    expect(payment.refunds![0].failureReason ?? null).toBeNull()
    expect(payment.attentionReason).toContain(
      'of ₹18,000.00 must be paid back by hand: this cash payment was not taken through Razorpay',
    )
    expect(await bookingRow(payload, bookingId)).toMatchObject({
      status: 'cancelled',
      refundDue: 18000,
    })
  })

  it('has the published policy bands at their edges', () => {
    expect(CANCELLATION_POLICY.map((band) => band.refundShare)).toEqual([0.9, 0.5, 0.25])
    expect([31, 30, 15, 14, 7, 6, 0, -3].map((days) => refundShareFor(days))).toEqual([
      0.9, 0.5, 0.5, 0.25, 0.25, 0, 0, 0,
    ])
  })

  it('counts a goodwill refund already given as an advance on the policy’s refund', () => {
    const start = new Date('2027-03-01T00:00:00+05:30')
    const twoMonthsOut = new Date('2027-01-01T12:00:00+05:30')
    const tenDaysOut = new Date('2027-02-19T12:00:00+05:30')
    const due = (amountPaid: number, held: number, at: Date) =>
      refundDueOnCancel({ amountPaid, held }, start, at)
    expect(due(14500, 14500, twoMonthsOut)).toBe(13050)
    expect(due(14500, 9500, twoMonthsOut)).toBe(8050)
    // Goodwill beyond the policy's share: nothing more comes back.
    expect(due(14500, 1000, twoMonthsOut)).toBe(0)
    expect(due(14500, 12000, tenDaysOut)).toBe(1125)
    expect(due(14500, 14500, tenDaysOut)).toBe(3625)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { expireHolds } from '@/bookings'
import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import {
  batchRow,
  book,
  bookableBatch,
  bookingRow,
  payInFull,
  quickTrekkers,
  readyTrekker,
} from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

const MINUTE = 60_000

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

async function pendingBooking(batchId: number) {
  const trekker = await readyTrekker(payload)
  const res = await book(trekker.token, batchId)
  expect(res.status).toBe(201)
  return { trekker, booking: await bookingRow(payload, res.body.doc.id) }
}

const expiryOf = (booking: { holdExpiresAt?: string | null }) => new Date(booking.holdExpiresAt!)

describe('expireHolds', () => {
  it('keeps a hold until it runs out, then cancels it and reopens the full batch', async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 1 })
    const { booking } = await pendingBooking(batch.id)
    expect((await batchRow(payload, batch.id)).status).toBe('full')

    await expireHolds(payload, new Date(expiryOf(booking).getTime() - MINUTE))
    expect((await bookingRow(payload, booking.id)).status).toBe('pending')

    await expireHolds(payload, new Date(expiryOf(booking).getTime() + 1000))

    expect(await bookingRow(payload, booking.id)).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'The hold expired before payment',
      cancelledBy: null,
      refundDue: 0,
      balanceDue: 0,
    })
    expect(await batchRow(payload, batch.id)).toMatchObject({
      status: 'open',
      bookedSeats: 0,
      availableSeats: 1,
    })
    const card = await payload.findByID({ collection: 'treks', id: trek.id, overrideAccess: true })
    expect(card.seatsLeft).toBe(1)
  })

  it('leaves paid and part-paid bookings alone', async () => {
    const { batch } = await bookableBatch(payload, { price: 10000 })
    const { booking: paid } = await pendingBooking(batch.id)
    const { booking: partPaid } = await pendingBooking(batch.id)
    expect((await payInFull(payload, roles.finance.token, paid.id)).status).toBe(201)
    const deposit = await api('POST', `/bookings/${partPaid.id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 2500, method: 'upi', reference: 'UPI-1' },
    })
    expect(deposit.status).toBe(201)

    await expireHolds(payload, new Date(expiryOf(partPaid).getTime() + MINUTE))

    expect((await bookingRow(payload, paid.id)).status).toBe('confirmed')
    expect((await bookingRow(payload, partPaid.id)).status).toBe('pending')
    expect((await batchRow(payload, batch.id)).bookedSeats).toBe(2)
  })

  it('cancels each expired hold exactly once when two runs race', async () => {
    const { batch } = await bookableBatch(payload, { seats: 6 })
    const people = await quickTrekkers(payload, 6)
    const ids: number[] = []
    for (const person of people) {
      ids.push((await book(person.token, batch.id)).body.doc.id)
    }
    const latest = await bookingRow(payload, ids[ids.length - 1])
    const now = new Date(expiryOf(latest).getTime() + 1000)
    const [first, second] = await Promise.all([
      expireHolds(payload, now),
      expireHolds(payload, now),
    ])

    // Every cancellation the two runs counted is one booking cancelled at `now`: none twice.
    // (Other files' holds in this database may expire too, or wait out an open order's grace.)
    const cancelledByTheRuns = await payload.count({
      collection: 'bookings',
      where: { status: { equals: 'cancelled' }, cancelledAt: { equals: now.toISOString() } },
      overrideAccess: true,
    })
    expect(first.expired + second.expired).toBe(cancelledByTheRuns.totalDocs)
    expect(first.expired + second.expired).toBeGreaterThanOrEqual(ids.length)
    for (const id of ids) {
      expect((await bookingRow(payload, id)).status).toBe('cancelled')
    }
    expect(await batchRow(payload, batch.id)).toMatchObject({
      bookedSeats: 0,
      availableSeats: 6,
      status: 'open',
    })
    expect((await expireHolds(payload, now)).expired).toBe(0)
  })

  it('runs as the expireBookingHolds job', async () => {
    const { batch } = await bookableBatch(payload)
    const { booking } = await pendingBooking(batch.id)
    await payload.db.updateOne({
      collection: 'bookings',
      id: booking.id,
      data: { holdExpiresAt: new Date(Date.now() - MINUTE).toISOString() },
      returning: false,
    })

    const job = await payload.jobs.queue({ task: 'expireBookingHolds', input: {} })
    await payload.jobs.runByID({ id: job.id })

    expect((await bookingRow(payload, booking.id)).status).toBe('cancelled')
    expect((await batchRow(payload, batch.id)).bookedSeats).toBe(0)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { expireHolds } from '@/bookings'
import { UNPAID_HOLDS_PER_DAY } from '@/bookings/unpaidHolds'
import { api } from '../helpers/api'
import { createRoleUsers, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { DAY, batchRow, book, bookableBatch, bookingRow, payInFull, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

const MINUTE = 60_000

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

const expiryOf = (booking: { holdExpiresAt?: string | null }) =>
  new Date(booking.holdExpiresAt!).getTime()

async function bookOk(trekker: TestUser, batchId: number) {
  const res = await book(trekker.token, batchId)
  expect(res.status).toBe(201)
  return bookingRow(payload, res.body.doc.id)
}

async function cancel(bookingId: number, token: string, reason?: string) {
  const res = await api('POST', `/bookings/${bookingId}/cancel`, {
    token,
    body: reason ? { reason } : {},
  })
  expect(res.status).toBe(200)
}

/** Moves a booking's timestamps, as if it had been made or ended earlier. */
async function backdate(bookingId: number, data: { holdExpiresAt?: number; cancelledAt?: number }) {
  await payload.db.updateOne({
    collection: 'bookings',
    id: bookingId,
    data: Object.fromEntries(
      Object.entries(data).map(([field, at]) => [field, new Date(at).toISOString()]),
    ),
    returning: false,
  })
}

describe('a trekker who cancels an unpaid booking and books the batch again', () => {
  it('keeps the earlier hold’s expiry while it is ahead', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const first = await bookOk(trekker, batch.id)
    const earlier = Date.now() + 5 * MINUTE
    await backdate(first.id, { holdExpiresAt: earlier })
    await cancel(first.id, trekker.token)

    const second = await bookOk(trekker, batch.id)
    await cancel(second.id, trekker.token)
    const third = await bookOk(trekker, batch.id)

    expect(expiryOf(second)).toBe(earlier)
    expect(expiryOf(third)).toBe(earlier)
  })

  it('gets a fresh hold once the earlier one has run out', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const first = await bookOk(trekker, batch.id)
    await backdate(first.id, { holdExpiresAt: Date.now() - MINUTE })
    expect((await expireHolds(payload)).expired).toBeGreaterThanOrEqual(1)
    expect((await bookingRow(payload, first.id)).status).toBe('cancelled')

    const before = Date.now()
    const second = await bookOk(trekker, batch.id)

    expect(expiryOf(second)).toBeGreaterThanOrEqual(before + 29 * MINUTE)
  })

  it('has the hold-expiry run free the seat at the first hold’s time', async () => {
    const { batch } = await bookableBatch(payload, { seats: 1 })
    const hoarder = await readyTrekker(payload)
    const customer = await readyTrekker(payload)
    const first = await bookOk(hoarder, batch.id)
    const firstExpiry = Date.now() + 2 * MINUTE
    await backdate(first.id, { holdExpiresAt: firstExpiry })
    await cancel(first.id, hoarder.token)
    const second = await bookOk(hoarder, batch.id)

    await expireHolds(payload, new Date(firstExpiry - MINUTE))
    expect((await bookingRow(payload, second.id)).status).toBe('pending')
    expect((await book(customer.token, batch.id)).status).toBe(400)

    await expireHolds(payload, new Date(firstExpiry + 1000))
    expect(await bookingRow(payload, second.id)).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'The hold expired before payment',
    })
    expect((await batchRow(payload, batch.id)).status).toBe('open')
    expect((await book(customer.token, batch.id)).status).toBe(201)
  })
})

describe('unpaid holds per trekker and batch in a day', () => {
  it(`refuses the hold after ${UNPAID_HOLDS_PER_DAY} with 429 and Retry-After, until a day after the first ended`, async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const ids: number[] = []
    for (let hold = 0; hold < UNPAID_HOLDS_PER_DAY; hold++) {
      const booking = await bookOk(trekker, batch.id)
      await cancel(booking.id, trekker.token)
      ids.push(booking.id)
    }

    const refused = await book(trekker.token, batch.id)

    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(DAY / 1000 - 300)
    expect(retryAfter).toBeLessThanOrEqual(DAY / 1000)
    expect(refused.body.errors[0].message).toMatch(
      /^You have booked this batch 3 times in the last 24 hours without paying\. Pay for a booking to keep a seat; you can book this batch again after .+ IST\.$/,
    )

    // A day after the first of them ended (their holds long over), one more hold is allowed.
    const before = Date.now()
    for (const id of ids) {
      await backdate(id, { holdExpiresAt: before - MINUTE })
    }
    await backdate(ids[0], { cancelledAt: before - DAY - MINUTE })
    const next = await bookOk(trekker, batch.id)
    expect(expiryOf(next)).toBeGreaterThanOrEqual(before + 29 * MINUTE)
  })

  it('lets the desk book for a trekker who reached the cap', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    for (let hold = 0; hold < UNPAID_HOLDS_PER_DAY; hold++) {
      const booking = await bookOk(trekker, batch.id)
      await cancel(booking.id, trekker.token)
    }
    expect((await book(trekker.token, batch.id)).status).toBe(429)

    const before = Date.now()
    const byDesk = await book(roles.cs.token, batch.id, { user: trekker.id })

    expect(byDesk.status).toBe(201)
    expect(expiryOf(byDesk.body.doc)).toBeGreaterThanOrEqual(before + 29 * MINUTE)
  })

  it('does not count a booking that was paid for, or one the desk cancelled', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const paid = await bookOk(trekker, batch.id)
    expect((await payInFull(payload, roles.finance.token, paid.id)).status).toBe(201)
    await cancel(paid.id, trekker.token)
    const cancelledByDesk = await bookOk(trekker, batch.id)
    await cancel(cancelledByDesk.id, roles.cs.token, 'Booked the wrong date')

    const before = Date.now()
    let current = await bookOk(trekker, batch.id)
    expect(expiryOf(current)).toBeGreaterThanOrEqual(before + 29 * MINUTE)
    for (let hold = 2; hold <= UNPAID_HOLDS_PER_DAY; hold++) {
      await cancel(current.id, trekker.token)
      current = await bookOk(trekker, batch.id)
    }
    await cancel(current.id, trekker.token)
    expect((await book(trekker.token, batch.id)).status).toBe(429)
  })
})

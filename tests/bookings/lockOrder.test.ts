import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import { connected, untilDoneOrWaiting, untilLockWaiters } from '../helpers/lockWaits'
import {
  bookingOf,
  createPendingBooking,
  createTrekBatch,
  usePaymentsWorld,
  type RoleUsers,
} from '../payments/world'

let payload: Payload
let roles: RoleUsers

usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

const DAY = 86_400_000

/**
 * Locks are taken batch, booking, payment, the trekker's account, then the trek's card. A
 * call-off cancels each booking (account for the points) and rewrites the card once at the
 * end; a booking takes the account (erasure check) before the card. Held in place: the
 * trekker's account row is held while both reach it, so they meet every time.
 */
describe('a call-off meeting a booking by one of its trekkers', () => {
  it('calls the departure off and books the trekker’s later departure of the same trek', async () => {
    const trekker = await createUser(payload, null)
    const { batch, trek } = await createTrekBatch(payload, { price: 5000, startsInDays: 60 })
    const later = await payload.create({
      collection: 'batches',
      data: {
        trek: trek.id,
        startDate: new Date(Date.now() + 90 * DAY).toISOString(),
        endDate: new Date(Date.now() + 95 * DAY).toISOString(),
        totalSeats: 20,
        price: 5000,
        status: 'open',
      },
      overrideAccess: true,
    })
    // Another trekker's booking comes first in the call-off, so it has freed a seat (and,
    // were the card rewritten then, taken the trek's row) before it reaches this trekker's.
    const other = await createPendingBooking(payload, { amount: 5000, batch })
    const { booking } = await createPendingBooking(payload, { amount: 5000, batch, user: trekker })
    for (const id of [other.booking.id, booking.id]) {
      const paid = await api('POST', `/bookings/${id}/offline-payment`, {
        token: roles.cs.token,
        body: { amount: 5000, method: 'cash', reference: `lock order ${id}` },
      })
      expect(paid.status).toBe(201)
    }

    const blocker = await connected()
    const monitor = await connected()
    let answers: Array<{ status: number }>
    try {
      await blocker.query('begin')
      await blocker.query('select id from users where id = $1 for update', [trekker.id])
      const booked = api('POST', '/bookings', { token: trekker.token, body: { batch: later.id } })
      await untilLockWaiters(monitor, 1)
      const calledOff = api('POST', `/batches/${batch.id}/cancel`, {
        token: roles.ops_manager.token,
        body: { reason: 'Landslide on the road' },
      })
      await untilDoneOrWaiting(monitor, 2, calledOff)
      await blocker.query('rollback')
      answers = await Promise.all([calledOff, booked])
    } finally {
      await blocker.query('rollback').catch(() => undefined)
      await blocker.end()
      await monitor.end()
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 201])
    expect((await bookingOf(payload, booking.id)).status).toBe('cancelled')
    expect((await bookingOf(payload, other.booking.id)).status).toBe('cancelled')
    // The card was rewritten after both: it shows the later departure with its seat taken.
    const card = await payload.findByID({ collection: 'treks', id: trek.id, depth: 0 })
    expect(card.seatsLeft).toBe(19)
  })
})

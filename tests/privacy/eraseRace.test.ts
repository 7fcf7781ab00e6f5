import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { raceBehindHeldRow } from '../helpers/lockWaits'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'

const DAY = 86_400_000

let payload: Payload
let staff: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  staff = await createRoleUsers(payload)
})

describe('an erasure racing a cancellation of the same trekker’s booking', () => {
  // A cancellation locks the batch, then the booking, then the account (to take back the
  // booking's points). An erasure that locked the account first and then the booking would
  // deadlock with it. Held in place: a second connection holds the account row; the erasure
  // queues on it first, then cs cancels the trekker's booking of a trek that has ended (an
  // erasure may go ahead with those). Both must complete, one after the other.
  it('both complete, and the cancelled booking stays anonymised', async () => {
    const member = await createUser(payload, null)
    const { batch } = await createTrekBatch(payload, {
      startDate: new Date(Date.now() - 20 * DAY).toISOString(),
      endDate: new Date(Date.now() - 15 * DAY).toISOString(),
    })
    const booking = await createBooking(payload, member, batch, 'confirmed')
    await payload.create({
      collection: 'points-transactions',
      data: { user: member.id, amount: 100, reason: 'Booking confirmed', booking: booking.id },
      overrideAccess: true,
    })

    const [erased, cancelled] = await raceBehindHeldRow({
      table: 'users',
      id: member.id,
      queued: () =>
        api('POST', '/users/me/erase', {
          token: member.token,
          body: { password: TEST_PASSWORD },
        }),
      racing: () =>
        api('POST', `/bookings/${booking.id}/cancel`, {
          token: staff.cs.token,
          body: { reason: 'Trekker asked us to close the account' },
        }),
    })

    expect({ erased: erased.status, cancelled: cancelled.status }).toEqual({
      erased: 200,
      cancelled: 200,
    })
    const after = await payload.findByID({ collection: 'bookings', id: booking.id, depth: 0 })
    expect(after).toMatchObject({
      status: 'cancelled',
      trekkerName: 'Erased trekker',
      trekkerEmail: null,
    })
    const account = await payload.findByID({ collection: 'users', id: member.id, depth: 0 })
    expect(account).toMatchObject({ erasedAt: expect.any(String), obsPoints: 0 })
  })
})

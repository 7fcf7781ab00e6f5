import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'
import { createTrip } from './trip'

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

describe('an SOS from a trekker with many lapsed holds', () => {
  it('still finds the trip they are on', async () => {
    // Under way: started yesterday.
    const trip = await createTrip(payload, { startsInDays: -1 })
    const { batch: elsewhere } = await createTrekBatch(payload)
    // More than the hundred newest bookings the routing reads, all made after the trip's.
    for (let i = 0; i < 105; i++) {
      await createBooking(payload, trip.trekker, elsewhere, 'cancelled', {
        amountPaid: 0,
        balanceDue: 0,
        cancelledAt: new Date().toISOString(),
      })
    }

    const sos = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: unique('many-holds'), message: 'Slipped on ice' },
    })

    expect(sos.status).toBe(201)
    expect(sos.body.doc.batch).toBe(trip.batch.id)
  })
})

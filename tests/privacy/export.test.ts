import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { kolkataDay } from '@/shared/time'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'
import { uniquePhone } from '../helpers/jobs'
import { countQueries } from '../helpers/queryCount'
import { createBooking } from '../helpers/trips'
import { trekkerWithHistory, type TrekkerHistory } from './account'

let payload: Payload
let mine: TrekkerHistory
let theirs: TrekkerHistory

beforeAll(async () => {
  payload = await testPayload()
  mine = await trekkerWithHistory(payload)
  theirs = await trekkerWithHistory(payload)
})

const exportOf = (token?: string) => api('GET', '/users/me/export', { token })

describe('GET /api/users/me/export', () => {
  it('gives the signed-in trekker a JSON file of everything held about them', async () => {
    const res = await exportOf(mine.user.token)

    expect(res.status).toBe(200)
    // Named by the Kolkata day of the export, as the payments CSV is.
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="obs-account-${mine.user.id}-${kolkataDay(res.body.exportedAt)}.json"`,
    )
    expect(res.headers.get('cache-control')).toBe('no-store')
    const data = res.body
    expect(data.profile).toMatchObject({
      id: mine.user.id,
      email: mine.user.email,
      phone: mine.phone,
      firstName: 'Asha',
      lastName: 'Rawat',
      bio: 'Weekend hiker from Dehradun',
    })
    expect(data.profile).not.toHaveProperty('hash')
    expect(data.profile).not.toHaveProperty('salt')
    expect(data.profile).not.toHaveProperty('sessions')
    expect(data.emergencyContacts.map((c: any) => c.id)).toEqual([mine.contact.id])
    expect(data.bookings.map((b: any) => [b.id, b.finalAmount, b.trekkerPhone])).toEqual([
      [mine.booking.id, 14500, mine.phone],
    ])
    expect(data.payments).toEqual([
      {
        id: mine.payment.id,
        booking: mine.booking.id,
        razorpayOrderId: mine.payment.razorpayOrderId,
        razorpayPaymentId: mine.payment.razorpayPaymentId,
        amount: 14500,
        currency: 'INR',
        status: 'success',
        method: 'upi',
        capturedAt: expect.any(String),
        amountRefunded: 0,
        refunds: [],
        createdAt: expect.any(String),
      },
    ])
    expect(data.pointsTransactions.map((p: any) => [p.id, p.amount])).toEqual([
      [mine.points.id, 100],
    ])
    expect(data.posts.map((p: any) => p.id)).toEqual([mine.post.id])
    expect(data.incidents.map((i: any) => [i.id, i.message])).toEqual([
      [mine.incident.id, 'Twisted knee, asthma'],
    ])
  })

  it("never contains another trekker's rows", async () => {
    const data = (await exportOf(mine.user.token)).body
    const text = JSON.stringify(data)

    for (const value of [
      theirs.user.email,
      theirs.phone,
      theirs.payment.razorpayPaymentId,
      theirs.incident.clientId,
    ]) {
      expect(text).not.toContain(String(value))
    }
    // Ids are compared per kind: another table's row may share the number.
    expect(data.bookings.map((b: any) => b.id)).not.toContain(theirs.booking.id)
  })

  it('costs the same number of queries however long the history', async () => {
    const busy = await trekkerWithHistory(payload)
    for (let i = 0; i < 3; i += 1) {
      const booking = await createBooking(payload, busy.user, busy.batch, 'cancelled')
      await payload.db.create({
        collection: 'payments',
        data: { booking: booking.id, amount: 500, status: 'refunded', currency: 'INR' },
      })
      await payload.db.create({
        collection: 'emergency-contacts',
        data: {
          user: busy.user.id,
          name: `Contact ${i}`,
          relationship: 'Friend',
          phone: uniquePhone(),
        },
      })
    }
    const small = await countQueries(payload, () => exportOf(mine.user.token))
    const large = await countQueries(payload, () => exportOf(busy.user.token))

    expect(small.result.body.bookings).toHaveLength(1)
    expect(large.result.body.bookings).toHaveLength(4)
    expect(large.result.body.payments).toHaveLength(4)
    expect(large.result.body.emergencyContacts).toHaveLength(4)
    expect(large.queries.length).toBe(small.queries.length)
  })

  it('refuses anonymous callers with 401', async () => {
    const res = await exportOf()

    expect(res.status).toBe(401)
    expect(res.body.errors[0].message).toBe('Sign in to do this: no valid credentials were sent')
  })
})

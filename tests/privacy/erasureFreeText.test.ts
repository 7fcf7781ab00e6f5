import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { addEmergencyContact, book, bookableBatch, payInFull } from '../bookings/support'

/**
 * What an erasure does to text written about the trekker elsewhere: the reason they gave for
 * cancelling (on the booking and on the refund it was copied to) goes, the booking desk's own
 * reason stays; an SOS alert's delivery keeps no recipient in its key.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

async function paidBooking() {
  const { batch } = await bookableBatch(payload)
  const trekker = await createUser(payload, null, {
    phone: `+9198${Math.floor(10000000 + Math.random() * 89999999)}`,
    dateOfBirth: '1990-01-01T00:00:00.000Z',
  })
  await addEmergencyContact(trekker.token)
  const booked = await book(trekker.token, batch.id)
  expect(booked.status).toBe(201)
  const bookingId = booked.body.doc.id as number
  expect((await payInFull(payload, roles.cs.token, bookingId)).status).toBe(201)
  return { trekker, bookingId }
}

async function reasonsOf(bookingId: number) {
  const booking = await payload.findByID({
    collection: 'bookings',
    id: bookingId,
    depth: 0,
    overrideAccess: true,
  })
  const { docs } = await payload.find({
    collection: 'payments',
    where: { booking: { equals: bookingId } },
    depth: 0,
    overrideAccess: true,
  })
  return {
    booking: booking.cancellationReason,
    refunds: docs.flatMap((payment) => (payment.refunds ?? []).map((refund) => refund.reason)),
  }
}

const eraseOwn = (token: string) =>
  api('POST', '/users/me/erase', { token, body: { password: TEST_PASSWORD } })

/** A desk payment's refund is paid back by hand, and erasure waits until finance records it. */
async function payOutDeskRefunds(bookingId: number) {
  const { docs } = await payload.find({
    collection: 'payments',
    where: { booking: { equals: bookingId } },
    depth: 0,
    overrideAccess: true,
  })
  for (const payment of docs) {
    for (const refund of payment.refunds ?? []) {
      const paid = await api('POST', `/payments/${payment.id}/refunds/${refund.id}/paid`, {
        token: roles.finance.token,
        body: { reference: unique('Cash voucher') },
      })
      expect(paid.status).toBe(200)
    }
  }
}

describe('an erased trekker’s cancellation reasons', () => {
  it('replaces the trekker’s own words on the booking and on its refund', async () => {
    const { trekker, bookingId } = await paidBooking()
    const cancelled = await api('POST', `/bookings/${bookingId}/cancel`, {
      token: trekker.token,
      body: { reason: 'Knee surgery next month' },
    })
    expect(cancelled.status).toBe(200)
    expect(await reasonsOf(bookingId)).toEqual({
      booking: 'Knee surgery next month',
      refunds: ['Knee surgery next month'],
    })

    await payOutDeskRefunds(bookingId)
    expect((await eraseOwn(trekker.token)).status).toBe(200)
    expect(await reasonsOf(bookingId)).toEqual({ booking: '[erased]', refunds: ['[erased]'] })
  })

  it('keeps the reason the booking desk wrote', async () => {
    const { trekker, bookingId } = await paidBooking()
    const cancelled = await api('POST', `/bookings/${bookingId}/cancel`, {
      token: roles.cs.token,
      body: { reason: 'Duplicate booking made at the desk' },
    })
    expect(cancelled.status).toBe(200)

    await payOutDeskRefunds(bookingId)
    expect((await eraseOwn(trekker.token)).status).toBe(200)
    const reasons = await reasonsOf(bookingId)
    expect(reasons.booking).toBe('Duplicate booking made at the desk')
    expect(reasons.refunds.every((reason) => reason === 'Duplicate booking made at the desk')).toBe(
      true,
    )
  })
})

describe('an erased trekker’s SOS deliveries', () => {
  it('keys each alert by its own id in place of the recipient, one key per delivery', async () => {
    const trekker = await createUser(payload, null)
    const phones = [0, 1].map(() => `+9198${Math.floor(10000000 + Math.random() * 89999999)}`)
    for (const [i, phone] of phones.entries()) {
      const contact = await api('POST', '/emergency-contacts', {
        token: trekker.token,
        body: { name: `Contact ${i}`, relationship: 'Friend', phone },
      })
      expect(contact.status).toBe(201)
    }
    const sos = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('erased-keys'), message: 'Twisted ankle' },
    })
    expect(sos.status).toBe(201)
    const incidentId = sos.body.doc.id
    expect(
      (
        await api('POST', `/incidents/${incidentId}/resolve`, {
          token: roles.cs.token,
          body: { note: 'Walked down with the guide' },
        })
      ).status,
    ).toBe(200)

    expect((await eraseOwn(trekker.token)).status).toBe(200)
    const { docs } = await payload.find({
      collection: 'notification-deliveries',
      where: { incident: { equals: incidentId } },
      overrideAccess: true,
      depth: 0,
      pagination: false,
    })
    const smsToContacts = docs.filter((delivery) => delivery.channel === 'sms')
    expect(smsToContacts.length).toBeGreaterThanOrEqual(2)
    for (const delivery of docs) {
      expect(delivery.key).toBe(`sos:${incidentId}:${delivery.channel}:erased-${delivery.id}`)
    }
    expect(JSON.stringify(docs)).not.toMatch(new RegExp(phones.map((p) => `\\${p}`).join('|')))
  })
})

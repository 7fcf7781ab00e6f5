import { randomUUID } from 'node:crypto'

import type { Payload } from 'payload'

import { paragraph } from '../community/lexical'
import { createUser, type TestUser, unique } from '../helpers/fixtures'
import { uniquePhone } from '../helpers/jobs'
import { createBooking, createTrekBatch } from '../helpers/trips'

const DAY = 86_400_000

/**
 * A trekker with a history in every collection a privacy request touches: a completed and
 * paid trek, points, an emergency contact, a post, a resolved SOS and a message sent to them.
 * Written underneath the API where the API would need a whole trip to get there.
 */
export async function trekkerWithHistory(payload: Payload, extra: Record<string, unknown> = {}) {
  const phone = uniquePhone()
  const user: TestUser = await createUser(payload, null, {
    phone,
    firstName: 'Asha',
    lastName: 'Rawat',
    bio: 'Weekend hiker from Dehradun',
    dateOfBirth: '1994-03-02T00:00:00.000Z',
    ...extra,
  })
  const past = new Date(Date.now() - 40 * DAY).toISOString()
  const { batch } = await createTrekBatch(payload, {
    startDate: past,
    endDate: new Date(Date.now() - 35 * DAY).toISOString(),
    status: 'completed',
  })
  const contactPhone = uniquePhone()
  const contact = await payload.db.create({
    collection: 'emergency-contacts',
    data: { user: user.id, name: 'Meera Rawat', relationship: 'Sister', phone: contactPhone },
  })
  const booking = await createBooking(payload, user, batch, 'completed', {
    trekkerPhone: phone,
    trekkerAge: 32,
    baseAmount: 14500,
    discountAmount: 0,
    emergencyContactName: 'Meera Rawat',
    emergencyContactPhone: contactPhone,
    emergencyContactRelation: 'Sister',
  })
  const razorpayPaymentId = `pay_${unique('p').replace(/-/g, '')}`
  const payment = await payload.db.create({
    collection: 'payments',
    data: {
      booking: booking.id,
      razorpayOrderId: `order_${unique('o').replace(/-/g, '')}`,
      razorpayPaymentId,
      amount: 14500,
      currency: 'INR',
      status: 'success',
      method: 'upi',
      capturedAt: past,
      needsAttention: false,
      attentionReason: 'staff-only note',
    },
  })
  const points = await payload.db.create({
    collection: 'points-transactions',
    data: { user: user.id, amount: 100, reason: 'Booking confirmed', booking: booking.id },
  })
  const post = await payload.db.create({
    collection: 'posts',
    data: {
      author: user.id,
      kind: 'feed',
      body: paragraph('Sunrise at the summit'),
      status: 'published',
    },
  })
  const incident = await payload.db.create({
    collection: 'incidents',
    data: {
      trekker: user.id,
      batch: batch.id,
      clientId: unique('sos'),
      latitude: 31.1,
      longitude: 78.4,
      occurredAt: past,
      message: 'Twisted knee, asthma',
      status: 'resolved',
      resolvedAt: past,
      log: [
        {
          id: randomUUID().replace(/-/g, '').slice(0, 24),
          at: past,
          note: 'Trekker is asthmatic; evacuated to Sankri',
        },
      ],
    },
  })
  const delivery = await payload.db.create({
    collection: 'notification-deliveries',
    data: {
      key: unique('mail'),
      channel: 'sms',
      template: 'sos_alert',
      to: contactPhone,
      params: { trekkerName: 'Asha Rawat' },
      incident: incident.id,
      status: 'sent',
      attempts: 1,
    },
  })
  return { user, phone, batch, contact, booking, payment, points, post, incident, delivery }
}

export type TrekkerHistory = Awaited<ReturnType<typeof trekkerWithHistory>>

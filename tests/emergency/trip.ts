import type { Payload } from 'payload'

import { kolkataDay, startOfKolkataDay } from '@/shared/time'

import { api } from '../helpers/api'
import { createUser, unique } from '../helpers/fixtures'
import { uniquePhone } from '../helpers/jobs'
import { createBooking, createTrekBatch } from '../helpers/trips'

export const hasEmergencyContacts = (payload: Payload) =>
  Boolean(payload.collections['emergency-contacts' as never])

/**
 * A trekker on a confirmed booking of a batch led by a guide who has a phone, an e-mail
 * and a satellite phone; and, when the users domain provides them, two emergency contacts.
 */
export async function createTrip(payload: Payload, options: { startsInDays?: number } = {}) {
  const { trek, batch, region } = await createTrekBatch(payload, {
    startDate: new Date(Date.now() + (options.startsInDays ?? 30) * 86_400_000).toISOString(),
  })
  const guideUser = await createUser(payload, 'guide', { phone: uniquePhone() })
  const guide = await payload.create({
    collection: 'guides',
    data: {
      name: unique('Guide'),
      user: guideUser.id,
      satellitePhone: uniquePhone(),
      isActive: true,
    },
    overrideAccess: true,
  })
  await payload.update({
    collection: 'batches',
    id: batch.id,
    data: { guide: guide.id },
    overrideAccess: true,
  })
  const trekker = await createUser(payload, null, {
    phone: uniquePhone(),
    firstName: 'Asha',
    lastName: 'Rawat',
  })
  const booking = await createBooking(payload, trekker, batch)

  const contactPhones: string[] = []
  if (hasEmergencyContacts(payload)) {
    for (const name of ['Meera Rawat', 'Vikram Rawat']) {
      const phone = uniquePhone()
      contactPhones.push(phone)
      await payload.create({
        collection: 'emergency-contacts' as never,
        data: {
          user: trekker.id,
          name,
          relationship: 'family',
          phone,
          email: `${unique('contact')}@obs.test`,
        } as never,
        overrideAccess: true,
      })
    }
  }
  const guideEmail = guideUser.email
  const guideRow = await payload.findByID({
    collection: 'guides',
    id: guide.id,
    overrideAccess: true,
    depth: 0,
  })
  const guidePhone = (
    await payload.findByID({
      collection: 'users',
      id: guideUser.id,
      overrideAccess: true,
      depth: 0,
    })
  ).phone!
  return {
    region,
    trek,
    batch,
    guide: guideRow,
    guideUser,
    guidePhone,
    guideEmail,
    satellitePhone: guideRow.satellitePhone!,
    trekker,
    booking,
    contactPhones,
  }
}

export type Trip = Awaited<ReturnType<typeof createTrip>>

/**
 * The departure under way, as the lifecycle leaves it: started `daysIn` days ago, ending in
 * `daysLeft`, `ongoing`. Written past the batch rules (a person's edit may not set a booked
 * departure out).
 */
export async function underWay(
  payload: Payload,
  batchId: number,
  { daysIn = 2, daysLeft = 3 }: { daysIn?: number; daysLeft?: number } = {},
) {
  await payload.update({
    collection: 'batches',
    id: batchId,
    data: {
      startDate: new Date(Date.now() - daysIn * 86_400_000).toISOString(),
      endDate: new Date(Date.now() + daysLeft * 86_400_000).toISOString(),
      status: 'ongoing',
    },
    overrideAccess: true,
  })
}

/**
 * The trip two days under way (three to go), then called off by ops: its trekkers are coming
 * down the mountain with the guide until its last day.
 */
export async function calledOffOnTheWay(payload: Payload, opsToken: string) {
  const trip = await createTrip(payload)
  await underWay(payload, trip.batch.id)
  const calledOff = await api('POST', `/batches/${trip.batch.id}/cancel`, {
    token: opsToken,
    body: { reason: 'Storm above base camp, group descending' },
  })
  if (calledOff.status !== 200) {
    throw new Error(`the call-off answered ${calledOff.status}`)
  }
  return trip
}

/**
 * Later today by the Kolkata calendar, at least `minutes` from now, where that day allows: a
 * departure starting then has its first day begun but has not set out.
 */
export function laterToday(minutes = 90) {
  const now = Date.now()
  const endOfDay = startOfKolkataDay(kolkataDay(new Date(now + 86_400_000))).getTime()
  return new Date(Math.min(now + minutes * 60_000, endOfDay - 60_000))
}

/** Where an SOS's alerts went: the `to` of each of its deliveries (a phone or an address). */
export async function alertedFor(payload: Payload, incidentId: number): Promise<string[]> {
  const { docs } = await payload.find({
    collection: 'notification-deliveries',
    where: { incident: { equals: incidentId } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  return docs.map((delivery) => String(delivery.to))
}

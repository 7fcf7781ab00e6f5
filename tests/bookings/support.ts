import { createLocalReq, getFieldsToSign, jwtSign, type Payload } from 'payload'
import { addSessionToUser } from 'payload/shared'

import { api } from '../helpers/api'
import { createUser, unique, type TestUser } from '../helpers/fixtures'

export const DAY = 24 * 60 * 60 * 1000

let catalogAdmin: Promise<any> | undefined

/**
 * A region, a trek and one open batch. Created as a super admin: the trek's status
 * validator refuses to publish for a caller without a role, even through the Local API.
 */
export async function bookableBatch(
  payload: Payload,
  options: { seats?: number; price?: number; startsInDays?: number; trekStatus?: string } = {},
) {
  catalogAdmin ??= createUser(payload, 'super_admin').then((admin) =>
    payload.findByID({ collection: 'users', id: admin.id, overrideAccess: true }),
  )
  const user = { ...(await catalogAdmin), collection: 'users' }
  const region = await payload.create({
    collection: 'regions',
    data: { name: unique('Region') },
    user,
  })
  const trek = await payload.create({
    collection: 'treks',
    data: {
      name: unique('Trek'),
      region: region.id,
      maxAltitude: 4200,
      durationDays: 6,
      difficulty: 'moderate',
      status: (options.trekStatus ?? 'active') as any,
    },
    user,
  })
  const start = new Date(Date.now() + (options.startsInDays ?? 40) * DAY)
  const batch = await payload.create({
    collection: 'batches',
    data: {
      trek: trek.id,
      startDate: start.toISOString(),
      endDate: new Date(start.getTime() + 5 * DAY).toISOString(),
      totalSeats: options.seats ?? 10,
      price: options.price ?? 12500,
      status: 'open',
    },
    user,
  })
  return { batch, trek }
}

/** A guide profile for a staff user with the guide role, leading `batchId`. */
export async function assignGuide(payload: Payload, guide: TestUser, batchId: number) {
  const profile = await payload.create({
    collection: 'guides',
    data: { name: 'Test Guide', user: guide.id, bio: 'Leads treks', isActive: true } as any,
    overrideAccess: true,
  })
  await payload.update({
    collection: 'batches',
    id: batchId,
    data: { guide: profile.id },
    overrideAccess: true,
  })
  return profile
}

export async function addEmergencyContact(token: string, name = 'Asha Rao') {
  const res = await api('POST', '/emergency-contacts', {
    token,
    body: { name, relationship: 'Sister', phone: '+919812345670', email: 'asha@example.com' },
  })
  if (res.status !== 201) {
    throw new Error(`emergency contact: ${res.status} ${JSON.stringify(res.body)}`)
  }
  return res.body.doc
}

/**
 * A signed-in trekker without the two password hashes of createUser (about a second each
 * on a busy machine): the row is written directly and a session token signed for it,
 * exactly as the login operation signs one.
 */
export async function quickTrekker(
  payload: Payload,
  extra: Record<string, unknown> = {},
): Promise<TestUser> {
  const email = `${unique('trekker')}@obs.test`.toLowerCase()
  const row = (await payload.db.create({
    collection: 'users',
    // Verified, as password sign-ups must be before their tokens are accepted.
    data: {
      email,
      firstName: 'Test',
      lastName: 'Trekker',
      obsPoints: 0,
      tribeTier: 'basecamp',
      _verified: true,
      ...extra,
    },
  })) as any
  const collectionConfig = payload.collections.users.config
  const req = await createLocalReq({}, payload)
  // Read the way Payload's sign-in does, so its session write is this request's own.
  const stored = await payload.db.findOne({
    collection: 'users',
    where: { id: { equals: row.id } },
    req,
  })
  const user = { ...stored, collection: 'users' } as any
  const { sid } = await addSessionToUser({ collectionConfig, payload, req, user })
  const { token } = await jwtSign({
    fieldsToSign: getFieldsToSign({ collectionConfig, email, sid, user }),
    secret: payload.secret,
    tokenExpiration: collectionConfig.auth.tokenExpiration,
  })
  return { id: row.id, email, token, role: null }
}

export async function quickTrekkers(payload: Payload, count: number): Promise<TestUser[]> {
  const users: TestUser[] = []
  for (let i = 0; i < count; i += 10) {
    const chunk = Array.from({ length: Math.min(10, count - i) }, () => quickTrekker(payload))
    users.push(...(await Promise.all(chunk)))
  }
  return users
}

/** A trekker with a date of birth, a phone and an emergency contact. */
export async function readyTrekker(payload: Payload, extra: Record<string, unknown> = {}) {
  const phone = `+9198${Math.floor(10000000 + Math.random() * 89999999)}`
  const trekker = await quickTrekker(payload, {
    phone,
    dateOfBirth: '1994-06-15T00:00:00.000Z',
    ...extra,
  })
  await addEmergencyContact(trekker.token)
  return { ...trekker, phone }
}

export async function book(token: string, batchId: number, body: Record<string, unknown> = {}) {
  return api('POST', '/bookings', { token, body: { batch: batchId, ...body } })
}

export async function bookingRow(payload: Payload, id: number) {
  return payload.findByID({ collection: 'bookings', id, depth: 0, overrideAccess: true })
}

export async function batchRow(payload: Payload, id: number) {
  return payload.findByID({ collection: 'batches', id, depth: 0, overrideAccess: true })
}

export async function activeBookingsOn(payload: Payload, batchId: number) {
  const { totalDocs } = await payload.count({
    collection: 'bookings',
    where: { batch: { equals: batchId }, status: { in: ['pending', 'confirmed'] } },
    overrideAccess: true,
  })
  return totalDocs
}

/** Pays a booking's balance through the offline-payment endpoint as `staff`. */
export async function payInFull(payload: Payload, staffToken: string, bookingId: number) {
  const booking = await bookingRow(payload, bookingId)
  return api('POST', `/bookings/${bookingId}/offline-payment`, {
    token: staffToken,
    body: { amount: booking.balanceDue, method: 'cash', reference: `R-${bookingId}` },
  })
}

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, unique, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'
import { createTrip, type Trip, underWay } from './trip'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let trip: Trip
let incidentId: number

const raise = async (trekker: TestUser, batch?: number) => {
  const res = await api('POST', '/incidents', {
    token: trekker.token,
    body: { clientId: unique('sos'), message: 'Lost the trail', batch },
  })
  expect(res.status).toBe(201)
  return res.body.doc.id as number
}

beforeAll(async () => {
  payload = await testPayload()
  env.opsOncall = []
  // These tests raise several SOS per trekker; the repeat throttle has its own tests.
  env.sosRepeatWindowMinutes = 0
  roles = await createRoleUsers(payload)
  trip = await createTrip(payload)
  incidentId = await raise(trip.trekker, trip.batch.id)
})

describe('who reads an incident', () => {
  it('lets the trekker, the batch guide, ops, cs and super admins read it over REST', async () => {
    for (const token of [
      trip.trekker.token,
      trip.guideUser.token,
      roles.ops_manager.token,
      roles.cs.token,
      roles.super_admin.token,
    ]) {
      const res = await api('GET', `/incidents/${incidentId}`, { token })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ id: incidentId, message: 'Lost the trail', status: 'open' })
    }
  })

  it('hides it from other trekkers, other guides, content, finance and the public', async () => {
    for (const token of [
      roles.trekker.token,
      roles.guide.token,
      roles.content.token,
      roles.finance.token,
      undefined,
    ]) {
      const one = await api('GET', `/incidents/${incidentId}`, { token })
      const list = await api('GET', `/incidents?where[id][equals]=${incidentId}`, { token })
      const refused = token ? 403 : 401
      expect([refused, 404]).toContain(one.status)
      expect(list.status === refused || list.body.docs.length === 0).toBe(true)
    }
  })

  it('lists only their own incidents to a trekker and their batches to a guide', async () => {
    const ownOther = await raise(roles.trekker)

    const mine = await api('GET', '/incidents?limit=100', { token: roles.trekker.token })
    const guides = await api('GET', '/incidents?limit=100', { token: trip.guideUser.token })

    expect(mine.body.docs.map((doc: { id: number }) => doc.id)).toEqual([ownOther])
    expect(guides.body.docs.map((doc: { id: number }) => doc.id)).toEqual([incidentId])
  })

  it('applies the same rules over GraphQL', async () => {
    const query = `query { Incidents(where: { id: { equals: ${incidentId} } }) { docs { id message } } }`

    const guide = await graphql(query, undefined, trip.guideUser.token)
    const other = await graphql(query, undefined, roles.trekker.token)
    const finance = await graphql(query, undefined, roles.finance.token)

    expect(guide.body.data?.Incidents.docs).toEqual([{ id: incidentId, message: 'Lost the trail' }])
    expect(other.body.data?.Incidents.docs ?? []).toEqual([])
    expect(finance.body.data?.Incidents?.docs ?? []).toEqual([])
  })

  it('creates incidents only through the SOS endpoint, never through GraphQL', async () => {
    const res = await graphql(
      `mutation { createIncident(data: { clientId: "${unique('gql')}", trekker: ${trip.trekker.id}, occurredAt: "2026-12-01T00:00:00Z", status: open }) { id } }`,
      undefined,
      trip.trekker.token,
    )

    expect(res.body.errors?.[0].message).toMatch(/not allowed/i)
  })
})

describe('the order the desk sees SOS in (review round 23)', () => {
  it('lists the SOS that reached OBS last first, whatever time its phone reported', async () => {
    // A trekker of their own: the shared one's SOS count towards its contacts' daily cap.
    const trekker = await createUser(payload, null)
    const first = await raise(trekker)
    const wrongClock = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('sos'), message: 'Fell, cannot walk', occurredAt: '2019-03-01' },
    })
    expect(wrongClock.status).toBe(201)
    // The phone's time is kept as evidence, but does not decide the order.
    expect(wrongClock.body.doc.occurredAt).toBe('2019-03-01T00:00:00.000Z')

    const list = await api('GET', '/incidents?limit=2&depth=0', { token: roles.cs.token })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((doc: { id: number }) => doc.id)).toEqual([
      wrongClock.body.doc.id,
      first,
    ])
  })
})

describe('staff handling an incident', () => {
  it('acknowledges with a timestamped note naming who did it', async () => {
    const before = Date.now()
    const res = await api('POST', `/incidents/${incidentId}/acknowledge`, {
      token: roles.cs.token,
      body: { note: 'Called the guide on the satellite phone' },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc.status).toBe('acknowledged')
    expect(new Date(res.body.doc.acknowledgedAt).getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(res.body.doc.log).toHaveLength(1)
    expect(res.body.doc.log[0]).toMatchObject({
      by: roles.cs.id,
      note: 'Acknowledged: Called the guide on the satellite phone',
    })
    expect(new Date(res.body.doc.log[0].at).getTime()).toBeGreaterThanOrEqual(before - 1000)
  })

  it('refuses to acknowledge twice and refuses roles that do not handle incidents', async () => {
    const twice = await api('POST', `/incidents/${incidentId}/acknowledge`, {
      token: roles.ops_manager.token,
      body: {},
    })
    const results = await Promise.all(
      [trip.trekker, trip.guideUser, roles.content, roles.finance].map((user) =>
        api('POST', `/incidents/${incidentId}/resolve`, {
          token: user.token,
          body: { note: 'done' },
        }),
      ),
    )
    const anonymous = await api('POST', `/incidents/${incidentId}/resolve`, { body: {} })
    const missing = await api('POST', '/incidents/99999999/resolve', {
      token: roles.ops_manager.token,
      body: {},
    })

    expect(twice.status).toBe(400)
    expect(twice.body.errors[0].message).toBe('The incident is already acknowledged')
    expect(results.map((res) => res.status)).toEqual([403, 403, 403, 403])
    expect(anonymous.status).toBe(401)
    expect(missing.status).toBe(404)
  })

  it('keeps every note when handlers write at the same moment', async () => {
    const notes = Array.from({ length: 6 }, (_, i) => `Update ${i}`)

    const results = await Promise.all(
      notes.map((note, i) =>
        api('POST', `/incidents/${incidentId}/notes`, {
          token: i % 2 ? roles.cs.token : roles.ops_manager.token,
          body: { note },
        }),
      ),
    )

    expect(results.every((res) => res.status === 200)).toBe(true)
    const doc = await payload.findByID({
      collection: 'incidents',
      id: incidentId,
      overrideAccess: true,
      depth: 0,
    })
    expect(
      doc
        .log!.map((entry) => entry.note)
        .slice(1)
        .sort(),
    ).toEqual(notes)
  })

  it('resolves, after which the incident cannot change status again', async () => {
    const resolved = await api('POST', `/incidents/${incidentId}/resolve`, {
      token: roles.ops_manager.token,
      body: { note: 'Trekker walked down with the guide' },
    })
    const reopen = await api('PATCH', `/incidents/${incidentId}`, {
      token: roles.ops_manager.token,
      body: { status: 'open' },
    })

    expect(resolved.status).toBe(200)
    expect(resolved.body.doc.status).toBe('resolved')
    expect(resolved.body.doc.resolvedAt).toBeTruthy()
    expect(resolved.body.doc.log.at(-1)).toMatchObject({
      by: roles.ops_manager.id,
      note: 'Resolved: Trekker walked down with the guide',
    })
    expect(reopen.status).toBe(400)
    expect(reopen.body.errors[0].message).toBe('An resolved incident cannot become open')
  })

  it('logs a status change made in the admin (a PATCH) and ignores edits to what was reported', async () => {
    const id = await raise(trip.trekker, trip.batch.id)

    const res = await api('PATCH', `/incidents/${id}?depth=0`, {
      token: roles.ops_manager.token,
      body: {
        status: 'acknowledged',
        note: 'On it',
        message: 'rewritten',
        clientId: 'changed',
        log: [],
      },
    })
    const trekkerEdit = await api('PATCH', `/incidents/${id}`, {
      token: trip.trekker.token,
      body: { status: 'resolved' },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc).toMatchObject({ status: 'acknowledged', message: 'Lost the trail' })
    expect(res.body.doc.clientId).not.toBe('changed')
    expect(res.body.doc.log).toEqual([
      expect.objectContaining({ by: roles.ops_manager.id, note: 'Acknowledged: On it' }),
    ])
    expect(trekkerEdit.status).toBe(403)
  })
})

describe('an SOS from a trekker with no batch under way', () => {
  it('is still recorded, with no batch and only the on-call alerts', async () => {
    const trekker = await createUser(payload, null)

    const id = await raise(trekker)

    const doc = await payload.findByID({
      collection: 'incidents',
      id,
      overrideAccess: true,
      depth: 0,
    })
    expect(doc.batch).toBeNull()
  })
})

describe('an SOS from a trekker whose booking of the departure under way is not fully paid', () => {
  // A deposit at the desk leaves the booking `pending` until the balance is paid, and that
  // trekker is on the mountain like the others (review round 20's note).
  it('is filed under that departure and reaches its guide', async () => {
    const trip = await createTrip(payload)
    const { batch } = await createTrekBatch(payload, {
      startDate: new Date(Date.now() - 86_400_000).toISOString(),
      endDate: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    })
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { guide: trip.guide.id },
      overrideAccess: true,
    })
    const trekker = await createUser(payload, null)
    await createBooking(payload, trekker, batch, 'pending', { amountPaid: 5000, balanceDue: 9500 })

    const id = await raise(trekker)

    const doc = await payload.findByID({
      collection: 'incidents',
      id,
      overrideAccess: true,
      depth: 0,
    })
    expect(doc.batch).toBe(batch.id)
    const { docs } = await payload.find({
      collection: 'notification-deliveries',
      where: { incident: { equals: id } },
      overrideAccess: true,
      depth: 0,
    })
    expect(docs.map((delivery) => delivery.to)).toEqual(
      expect.arrayContaining([trip.guidePhone, trip.satellitePhone, trip.guideEmail]),
    )
  })
})

describe('an SOS naming a batch that is not under way (review round 21)', () => {
  const day = 86_400_000

  /** Two trips of one trekker: `named` is the one the app sends, `current` is under way now. */
  async function twoTrips(named: {
    startDate: string
    endDate: string
    status: 'completed' | 'open'
  }) {
    const old = await createTrip(payload)
    const current = await createTrip(payload)
    await payload.update({
      collection: 'batches',
      id: old.batch.id,
      data: named,
      overrideAccess: true,
    })
    await payload.update({
      collection: 'batches',
      id: current.batch.id,
      data: {
        startDate: new Date(Date.now() - day).toISOString(),
        endDate: new Date(Date.now() + 3 * day).toISOString(),
        status: 'ongoing',
      },
      overrideAccess: true,
    })
    await createBooking(payload, old.trekker, current.batch)
    return { old, current }
  }

  const alerted = async (id: number) =>
    (
      await payload.find({
        collection: 'notification-deliveries',
        where: { incident: { equals: id } },
        pagination: false,
        overrideAccess: true,
        depth: 0,
      })
    ).docs
      .map((delivery) => delivery.to)
      .sort()

  const batchOf = async (id: number) =>
    (await payload.findByID({ collection: 'incidents', id, overrideAccess: true, depth: 0 })).batch

  it('files an SOS naming a trip that ended last year under the departure under way', async () => {
    const { old, current } = await twoTrips({
      startDate: new Date(Date.now() - 400 * day).toISOString(),
      endDate: new Date(Date.now() - 395 * day).toISOString(),
      status: 'completed',
    })
    await payload.update({
      collection: 'bookings',
      id: old.booking.id,
      data: { status: 'completed' },
      overrideAccess: true,
    })

    const id = await raise(old.trekker, old.batch.id)

    expect(await batchOf(id)).toBe(current.batch.id)
    expect(await alerted(id)).toEqual(
      [...old.contactPhones, current.guidePhone, current.satellitePhone, current.guideEmail].sort(),
    )
  })

  it('files an SOS naming a departure months ahead under the departure under way', async () => {
    const { old, current } = await twoTrips({
      startDate: new Date(Date.now() + 90 * day).toISOString(),
      endDate: new Date(Date.now() + 95 * day).toISOString(),
      status: 'open',
    })

    const id = await raise(old.trekker, old.batch.id)

    expect(await batchOf(id)).toBe(current.batch.id)
    expect(await alerted(id)).toEqual(
      [...old.contactPhones, current.guidePhone, current.satellitePhone, current.guideEmail].sort(),
    )
  })

  it('keeps the named batch the trekker is booked on when none is under way', async () => {
    const trip = await createTrip(payload, { startsInDays: 60 })

    const id = await raise(trip.trekker, trip.batch.id)

    expect(await batchOf(id)).toBe(trip.batch.id)
    expect(await alerted(id)).toEqual(
      [...trip.contactPhones, trip.guidePhone, trip.satellitePhone, trip.guideEmail].sort(),
    )
  })
  it('keeps it for a desk deposit but not for a seat held with nothing paid (review round 23)', async () => {
    const trip = await createTrip(payload, { startsInDays: 90 })
    const holder = await createUser(payload, null)
    await createBooking(payload, holder, trip.batch, 'pending', {
      amountPaid: 0,
      balanceDue: 14500,
    })
    const depositor = await createUser(payload, null)
    await createBooking(payload, depositor, trip.batch, 'pending', {
      amountPaid: 5000,
      balanceDue: 9500,
    })

    // Still stored, and on-call (empty here) and the contacts would still hear of it.
    const fromTheHold = await raise(holder, trip.batch.id)
    expect(await batchOf(fromTheHold)).toBeNull()
    expect(await alerted(fromTheHold)).toEqual([])

    const fromTheDeposit = await raise(depositor, trip.batch.id)
    expect(await batchOf(fromTheDeposit)).toBe(trip.batch.id)
    expect(await alerted(fromTheDeposit)).toEqual(
      [trip.guidePhone, trip.satellitePhone, trip.guideEmail].sort(),
    )
  })
})

describe('an SOS from a departure called off while under way (review round 21)', () => {
  it('still reaches its guide until its last day; a booking cancelled before the start does not', async () => {
    const roles = await createRoleUsers(payload)
    const trip = await createTrip(payload)
    await underWay(payload, trip.batch.id)
    // A second trekker had cancelled a week before the start: not on the mountain.
    const stayedHome = await createUser(payload, null)
    await createBooking(payload, stayedHome, trip.batch, 'cancelled', {
      cancelledAt: new Date(Date.now() - 9 * 86_400_000).toISOString(),
    })
    const calledOff = await api('POST', `/batches/${trip.batch.id}/cancel`, {
      token: roles.ops_manager.token,
      body: { reason: 'Storm above base camp, group descending' },
    })
    expect(calledOff.status).toBe(200)

    const fromTheTrail = await raise(trip.trekker)
    const fromHome = await raise(stayedHome, trip.batch.id)

    const incident = (id: number) =>
      payload.findByID({ collection: 'incidents', id, overrideAccess: true, depth: 0 })
    expect((await incident(fromTheTrail)).batch).toBe(trip.batch.id)
    expect((await incident(fromHome)).batch).toBeNull()
    const { docs } = await payload.find({
      collection: 'notification-deliveries',
      where: { incident: { equals: fromTheTrail } },
      overrideAccess: true,
      depth: 0,
    })
    expect(docs.map((delivery) => delivery.to)).toEqual(
      expect.arrayContaining([trip.guidePhone, trip.satellitePhone, trip.guideEmail]),
    )
  })
})

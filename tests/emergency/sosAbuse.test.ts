import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'
import { MAX_EMERGENCY_CONTACTS } from '@/users'

import { captureLogs } from '../users/helpers/captureLogs'
import { api } from '../helpers/api'
import { createUser, unique, type TestUser } from '../helpers/fixtures'
import { uniquePhone } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { createTrip, type Trip } from './trip'

let payload: Payload
const oncallPhone = uniquePhone()
const oncallEmail = `${unique('oncall')}@obs.test`

const deliveriesOf = async (incidentId: number) =>
  (
    await payload.find({
      collection: 'notification-deliveries',
      where: { incident: { equals: incidentId } },
      limit: 100,
      depth: 0,
      overrideAccess: true,
    })
  ).docs
    .map((delivery) => `${delivery.channel}:${delivery.to}`)
    .sort()

const raise = (trekker: TestUser, extra: Record<string, unknown> = {}) =>
  api('POST', '/incidents', {
    token: trekker.token,
    body: { clientId: unique('sos'), message: 'Help', ...extra },
  })

/** A trekker's incidents were raised long ago: the throttle window has passed. */
async function ageIncidentsOf(trekkerId: number) {
  const { docs } = await payload.find({
    collection: 'incidents',
    where: { trekker: { equals: trekkerId } },
    depth: 0,
    overrideAccess: true,
  })
  for (const incident of docs) {
    await payload.db.updateOne({
      collection: 'incidents',
      id: incident.id,
      data: { createdAt: new Date(Date.now() - 60 * 60_000).toISOString() },
    })
  }
}

const notesOf = async (incidentId: number) =>
  (
    await payload.findByID({ collection: 'incidents', id: incidentId, overrideAccess: true })
  ).log?.map((entry) => entry.note)

const savedWindow = env.sosRepeatWindowMinutes

beforeAll(async () => {
  payload = await testPayload()
  env.opsOncall = [oncallPhone, oncallEmail]
  env.sosRepeatWindowMinutes = 10
})

afterAll(() => {
  env.sosRepeatWindowMinutes = savedWindow
  env.opsOncall = []
})

describe('repeated SOS from one trekker: every one recorded, contacts texted once', () => {
  let trip: Trip
  let everyone: string[]

  beforeAll(async () => {
    trip = await createTrip(payload)
    everyone = [
      ...trip.contactPhones.map((phone) => `sms:${phone}`),
      `sms:${trip.guidePhone}`,
      `sms:${trip.satellitePhone}`,
      `email:${trip.guideEmail}`,
      `sms:${oncallPhone}`,
      `email:${oncallEmail}`,
    ].sort()
  })

  it('alerts on-call only for a fresh SOS inside the window, and notes why on the incident', async () => {
    const first = await raise(trip.trekker, { batch: trip.batch.id })
    const second = await raise(trip.trekker, { batch: trip.batch.id, message: 'Still stuck' })

    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.body.doc.id).not.toBe(first.body.doc.id)
    expect(second.body.doc).toMatchObject({ message: 'Still stuck', status: 'open' })
    expect(await deliveriesOf(first.body.doc.id)).toEqual(everyone)
    expect(await deliveriesOf(second.body.doc.id)).toEqual(
      [`sms:${oncallPhone}`, `email:${oncallEmail}`].sort(),
    )
    const stored = await payload.findByID({
      collection: 'incidents',
      id: second.body.doc.id,
      overrideAccess: true,
    })
    expect(stored.log?.map((entry) => entry.note)).toEqual([
      `Emergency contacts and guide not alerted again: this trekker raised SOS #${first.body.doc.id} less than 10 minutes earlier. On-call alerted: 1 by SMS, 1 by e-mail.`,
    ])
  })

  it('alerts everyone again once the window has passed', async () => {
    await ageIncidentsOf(trip.trekker.id)

    const later = await raise(trip.trekker, { batch: trip.batch.id })

    expect(later.status).toBe(201)
    expect(await deliveriesOf(later.body.doc.id)).toEqual(everyone)
  })

  it('lets only one of many simultaneous SOS with fresh clientIds text the contacts', async () => {
    await ageIncidentsOf(trip.trekker.id)

    const responses = await Promise.all(
      Array.from({ length: 6 }, () => raise(trip.trekker, { batch: trip.batch.id })),
    )

    expect(responses.map((res) => res.status)).toEqual([201, 201, 201, 201, 201, 201])
    const perIncident = await Promise.all(responses.map((res) => deliveriesOf(res.body.doc.id)))
    expect(perIncident.filter((list) => list.length === everyone.length)).toHaveLength(1)
    // On-call is paged for the first and one repeat; the other four are only recorded.
    expect(perIncident.filter((list) => list.length === 2)).toHaveLength(1)
    expect(perIncident.filter((list) => list.length === 0)).toHaveLength(4)
    const contactTexts = perIncident
      .flat()
      .filter((to) => trip.contactPhones.some((phone) => to === `sms:${phone}`))
    expect(contactTexts).toHaveLength(trip.contactPhones.length)
  })
})

describe('an SOS loop paging the on-call desk (review round 20)', () => {
  const NOT_PAGED =
    'On-call not paged again: it was paged for 2 SOS from this trekker in the last 10 ' +
    'minutes; this one is only in Incidents.'
  const onCall = [`email:${oncallEmail}`, `sms:${oncallPhone}`]

  it('records thirty SOS in a row but pages on-call for the first and the first repeat', async () => {
    const trip = await createTrip(payload)
    const logs = captureLogs(payload)

    const ids: number[] = []
    try {
      for (let i = 0; i < 30; i++) {
        const sent = await raise(trip.trekker, {
          batch: trip.batch.id,
          message: 'Call +44 20 7946 0000',
        })
        expect(sent.status).toBe(201)
        ids.push(sent.body.doc.id)
      }
    } finally {
      logs.stop()
    }

    const sent = await Promise.all(ids.map(deliveriesOf))
    expect(sent[0]).toEqual(
      [
        ...trip.contactPhones.map((phone) => `sms:${phone}`),
        `sms:${trip.guidePhone}`,
        `sms:${trip.satellitePhone}`,
        `email:${trip.guideEmail}`,
        ...onCall,
      ].sort(),
    )
    expect(sent[1]).toEqual(onCall)
    expect(sent.slice(2)).toEqual(Array.from({ length: 28 }, () => []))
    const recorded = await payload.count({
      collection: 'incidents',
      where: { trekker: { equals: trip.trekker.id } },
      overrideAccess: true,
    })
    expect(recorded.totalDocs).toBe(30)
    expect(await notesOf(ids[2])).toEqual([
      `Emergency contacts and guide not alerted again: this trekker raised SOS #${ids[1]} less than 10 minutes earlier. ${NOT_PAGED}`,
    ])
    expect(await notesOf(ids[29])).toEqual([
      `Emergency contacts and guide not alerted again: this trekker raised SOS #${ids[28]} less than 10 minutes earlier. ${NOT_PAGED}`,
    ])
    expect(logs.text()).toContain('Repeat SOS recorded, on-call not paged again')
    expect(logs.text()).toContain(`"incidentId":${ids[29]}`)
  })

  it('pages on-call for another trekker’s SOS meanwhile, on its own count', async () => {
    const looping = await createUser(payload, null)
    for (let i = 0; i < 3; i++) {
      expect((await raise(looping)).status).toBe(201)
    }
    const other = await createUser(payload, null)

    const first = await raise(other)
    const repeat = await raise(other)

    expect(await deliveriesOf(first.body.doc.id)).toEqual(onCall)
    expect(await deliveriesOf(repeat.body.doc.id)).toEqual(onCall)
  })

  it('pages again once the earlier pages leave the window, and the first SOS after it always', async () => {
    const trekker = await createUser(payload, null)
    const ids: number[] = []
    for (let i = 0; i < 3; i++) {
      ids.push((await raise(trekker)).body.doc.id)
    }
    // The two SOS that paged are now older than the window; the unpaged third is not.
    for (const id of ids.slice(0, 2)) {
      await payload.db.updateOne({
        collection: 'incidents',
        id,
        data: { createdAt: new Date(Date.now() - 60 * 60_000).toISOString() },
      })
    }

    const still = await raise(trekker)
    await ageIncidentsOf(trekker.id)
    const fresh = await raise(trekker)

    expect(await deliveriesOf(ids[2])).toEqual([])
    expect(await deliveriesOf(still.body.doc.id)).toEqual(onCall)
    expect(await deliveriesOf(fresh.body.doc.id)).toEqual(onCall)
    expect(await notesOf(fresh.body.doc.id)).toEqual([])
  })
})

describe('an SOS after the desk resolved the trekker’s earlier ones (review round 21)', () => {
  // Each test has a trip of its own, so the daily cap on texting contacts never comes into it.
  let cs: TestUser
  const onCall = [`sms:${oncallPhone}`, `email:${oncallEmail}`].sort()
  const everyoneOf = (trip: Trip) =>
    [
      ...trip.contactPhones.map((phone) => `sms:${phone}`),
      `sms:${trip.guidePhone}`,
      `sms:${trip.satellitePhone}`,
      `email:${trip.guideEmail}`,
      ...onCall,
    ].sort()

  beforeAll(async () => {
    cs = await createUser(payload, 'cs')
  })

  const resolve = async (id: number) => {
    const res = await api('POST', `/incidents/${id}/resolve`, {
      token: cs.token,
      body: { note: 'False alarm, spoke to the guide' },
    })
    expect(res.status).toBe(200)
  }

  it('alerts everyone for an SOS raised after every earlier one in the window was resolved', async () => {
    const trip = await createTrip(payload)
    const everyone = everyoneOf(trip)
    const first = await raise(trip.trekker, { batch: trip.batch.id })
    const retry = await raise(trip.trekker, { batch: trip.batch.id })
    await resolve(first.body.doc.id)
    await resolve(retry.body.doc.id)

    const real = await raise(trip.trekker, {
      batch: trip.batch.id,
      message: 'Fell into the river, can’t get out',
    })

    expect(real.status).toBe(201)
    expect(await deliveriesOf(first.body.doc.id)).toEqual(everyone)
    expect(await deliveriesOf(retry.body.doc.id)).toEqual(onCall)
    expect(await deliveriesOf(real.body.doc.id)).toEqual(everyone)
    expect(await notesOf(real.body.doc.id)).toEqual([])
  })

  it('still treats an SOS as a repeat of an earlier one that is only acknowledged', async () => {
    const trip = await createTrip(payload)
    const resolved = await raise(trip.trekker, { batch: trip.batch.id })
    await resolve(resolved.body.doc.id)
    const open = await raise(trip.trekker, { batch: trip.batch.id })
    const acknowledged = await api('POST', `/incidents/${open.body.doc.id}/acknowledge`, {
      token: cs.token,
      body: { note: 'Calling the guide' },
    })
    expect(acknowledged.status).toBe(200)

    const repeat = await raise(trip.trekker, { batch: trip.batch.id })

    // The one after the resolved SOS was a fresh emergency; the next repeats the acknowledged.
    expect(await deliveriesOf(resolved.body.doc.id)).toEqual(everyoneOf(trip))
    expect(await deliveriesOf(open.body.doc.id)).toEqual(everyoneOf(trip))
    expect(await deliveriesOf(repeat.body.doc.id)).toEqual(onCall)
    expect(await notesOf(repeat.body.doc.id)).toEqual([
      `Emergency contacts and guide not alerted again: this trekker raised SOS #${open.body.doc.id} less than 10 minutes earlier. On-call alerted: 1 by SMS, 1 by e-mail.`,
    ])
  })

  it('counts only unresolved SOS towards the on-call paging limit', async () => {
    const trip = await createTrip(payload)
    const sos = () => raise(trip.trekker, { batch: trip.batch.id })
    const first = await sos()
    const second = await sos()
    await resolve(first.body.doc.id)
    await resolve(second.body.doc.id)

    const fresh = await sos()
    const repeat = await sos()
    const third = await sos()

    expect(await deliveriesOf(fresh.body.doc.id)).toEqual(everyoneOf(trip))
    expect(await notesOf(fresh.body.doc.id)).toEqual([])
    expect(await deliveriesOf(repeat.body.doc.id)).toEqual(onCall)
    expect(await deliveriesOf(third.body.doc.id)).toEqual([])
  })
})

describe('emergency contacts texted by at most three SOS a day (SMS pumping)', () => {
  it('texts the contacts for three SOS in 24 hours, then only the guide and on-call', async () => {
    const trip = await createTrip(payload)
    const staff = [
      `sms:${trip.guidePhone}`,
      `sms:${trip.satellitePhone}`,
      `email:${trip.guideEmail}`,
      `sms:${oncallPhone}`,
      `email:${oncallEmail}`,
    ].sort()
    const everyone = [...trip.contactPhones.map((phone) => `sms:${phone}`), ...staff].sort()

    const texted: string[][] = []
    for (let i = 0; i < 3; i++) {
      const sent = await raise(trip.trekker, { batch: trip.batch.id })
      expect(sent.status).toBe(201)
      texted.push(await deliveriesOf(sent.body.doc.id))
      // Each SOS outside the repeat window: only the daily cap can spare the contacts.
      await ageIncidentsOf(trip.trekker.id)
    }
    expect(texted).toEqual([everyone, everyone, everyone])

    const fourth = await raise(trip.trekker, { batch: trip.batch.id, message: 'Fell again' })
    expect(fourth.status).toBe(201)
    expect(await deliveriesOf(fourth.body.doc.id)).toEqual(staff)
    expect(await notesOf(fourth.body.doc.id)).toEqual([
      "Emergency contacts not texted: this trekker's SOS texted them 3 times in the last 24 hours, so only the guide and on-call were alerted. Call the family from the desk if needed.",
    ])

    // A day later the contacts hear of the next SOS again.
    const { docs } = await payload.find({
      collection: 'incidents',
      where: { trekker: { equals: trip.trekker.id } },
      depth: 0,
      overrideAccess: true,
    })
    for (const incident of docs) {
      await payload.db.updateOne({
        collection: 'incidents',
        id: incident.id,
        data: { createdAt: new Date(Date.now() - 25 * 60 * 60_000).toISOString() },
      })
    }
    const nextDay = await raise(trip.trekker, { batch: trip.batch.id })
    expect(await deliveriesOf(nextDay.body.doc.id)).toEqual(everyone)
  })
})

describe('emergency contacts: capped per trekker, all of them alerted', () => {
  let trekker: TestUser

  beforeAll(async () => {
    trekker = await createUser(payload, null)
  })

  it(`refuses more than ${MAX_EMERGENCY_CONTACTS} contacts with a clear 400, even in parallel`, async () => {
    const responses = await Promise.all(
      Array.from({ length: MAX_EMERGENCY_CONTACTS + 3 }, (_, i) =>
        api('POST', '/emergency-contacts', {
          token: trekker.token,
          body: { name: `Contact ${i}`, relationship: 'friend', phone: uniquePhone() },
        }),
      ),
    )

    expect(responses.filter((res) => res.status === 201)).toHaveLength(MAX_EMERGENCY_CONTACTS)
    const refused = responses.filter((res) => res.status !== 201)
    expect(refused.map((res) => res.status)).toEqual([400, 400, 400])
    expect(refused[0].body.errors[0].message).toBe(
      `A trekker may keep at most ${MAX_EMERGENCY_CONTACTS} emergency contacts; remove one first`,
    )
    const stored = await payload.count({
      collection: 'emergency-contacts',
      where: { user: { equals: trekker.id } },
      overrideAccess: true,
    })
    expect(stored.totalDocs).toBe(MAX_EMERGENCY_CONTACTS)
  })

  it('texts every one of the allowed contacts on an SOS', async () => {
    const { docs } = await payload.find({
      collection: 'emergency-contacts',
      where: { user: { equals: trekker.id } },
      pagination: false,
      depth: 0,
      overrideAccess: true,
    })

    const res = await raise(trekker)

    expect(res.status).toBe(201)
    const sent = await deliveriesOf(res.body.doc.id)
    expect(sent).toEqual(
      [
        ...docs.map((contact) => `sms:${contact.phone}`),
        `sms:${oncallPhone}`,
        `email:${oncallEmail}`,
      ].sort(),
    )
  })
})

describe('an SOS that alerts nobody says so', () => {
  afterAll(() => {
    env.opsOncall = [oncallPhone, oncallEmail]
  })

  it('notes on a repeat SOS that nobody on call was alerted when OPS_ONCALL is empty', async () => {
    env.opsOncall = []
    const trip = await createTrip(payload)

    const first = await raise(trip.trekker, { batch: trip.batch.id })
    const second = await raise(trip.trekker, { batch: trip.batch.id })

    expect(second.status).toBe(201)
    expect(await deliveriesOf(second.body.doc.id)).toEqual([])
    expect(await notesOf(second.body.doc.id)).toEqual([
      `Emergency contacts and guide not alerted again: this trekker raised SOS #${first.body.doc.id} less than 10 minutes earlier. Nobody was alerted: OPS_ONCALL is empty.`,
    ])
  })

  it('notes it on the incident and logs a warning when there is no contact, guide or on-call', async () => {
    env.opsOncall = []
    const loner = await createUser(payload, null, { phone: uniquePhone() })
    const logs = captureLogs(payload)

    const res = await raise(loner).finally(() => logs.stop())

    expect(res.status).toBe(201)
    expect(await deliveriesOf(res.body.doc.id)).toEqual([])
    expect(await notesOf(res.body.doc.id)).toEqual([
      'Nobody was alerted: the trekker has no emergency contact, no guide on a batch of theirs, and OPS_ONCALL is empty.',
    ])
    expect(logs.text()).toContain('SOS alerted nobody')
    expect(logs.text()).toContain(`"incidentId":${res.body.doc.id}`)
  })
})

describe('OPS_ONCALL phones in any spelling alert a person once', () => {
  it('normalises national and spaced forms to E.164 and merges them with a contact', async () => {
    const desk = uniquePhone()
    const national = `0${desk.slice(3)}`
    const spaced = `+91 ${desk.slice(3, 8)} ${desk.slice(8)}`
    const trekker = await createUser(payload, null)
    await payload.create({
      collection: 'emergency-contacts',
      data: { user: trekker.id, name: 'Desk too', relationship: 'friend', phone: desk },
      overrideAccess: true,
    })
    env.opsOncall = [national, spaced, desk.slice(3), ` ${oncallEmail.toUpperCase()} `]

    const res = await raise(trekker)

    expect(res.status).toBe(201)
    expect(await deliveriesOf(res.body.doc.id)).toEqual([`email:${oncallEmail}`, `sms:${desk}`])
    env.opsOncall = [oncallPhone, oncallEmail]
  })
})

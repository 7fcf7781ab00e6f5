import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { EVALUATE_BADGES } from '@/community'
import { env } from '@/config/env'

import { startProviderFakes, type ProviderFakes } from '../fakes/providers'
import { api } from '../helpers/api'
import { createUser, unique } from '../helpers/fixtures'
import { jobsFor, runJobs, uniquePhone } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { createTrip, type Trip } from './trip'

let payload: Payload
let fakes: ProviderFakes

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

const countIncidents = async (clientId: string) =>
  (
    await payload.count({
      collection: 'incidents',
      where: { clientId: { equals: clientId } },
      overrideAccess: true,
    })
  ).totalDocs

beforeAll(async () => {
  payload = await testPayload()
  // These tests raise several SOS per trekker; the repeat throttle has its own tests.
  env.sosRepeatWindowMinutes = 0
  fakes = await startProviderFakes()
})

afterAll(async () => {
  await fakes.stop()
})

describe('POST /api/incidents: an SOS is recorded once and alerts everyone once', () => {
  let trip: Trip
  const oncallPhone = uniquePhone()
  const oncallEmail = `${unique('oncall')}@obs.test`

  beforeAll(async () => {
    trip = await createTrip(payload)
    env.opsOncall = [oncallPhone, oncallEmail]
  })

  it('answers 20 concurrent retries of one clientId with one incident and one alert per recipient', async () => {
    const clientId = unique('sos')
    const body = {
      clientId,
      latitude: 30.7346,
      longitude: 79.0669,
      occurredAt: '2026-12-01T05:10:00.000Z',
      message: 'Twisted ankle below the pass',
      batch: trip.batch.id,
    }

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api('POST', '/incidents', { token: trip.trekker.token, body }),
      ),
    )

    expect(responses.filter((res) => res.status === 201)).toHaveLength(1)
    expect(responses.filter((res) => res.status === 200)).toHaveLength(19)
    const ids = new Set(responses.map((res) => res.body.doc.id))
    expect(ids.size).toBe(1)
    expect(await countIncidents(clientId)).toBe(1)
    const created = responses.find((res) => res.status === 201)!.body.doc
    expect(created).toMatchObject({
      clientId,
      trekker: trip.trekker.id,
      batch: trip.batch.id,
      latitude: 30.7346,
      longitude: 79.0669,
      occurredAt: '2026-12-01T05:10:00.000Z',
      message: 'Twisted ankle below the pass',
      status: 'open',
    })

    const expected = [
      ...trip.contactPhones.map((phone) => `sms:${phone}`),
      `sms:${trip.guidePhone}`,
      `sms:${trip.satellitePhone}`,
      `email:${trip.guideEmail}`,
      `sms:${oncallPhone}`,
      `email:${oncallEmail}`,
    ].sort()
    const deliveries = await deliveriesOf(created.id)
    expect(deliveries.map((d) => `${d.channel}:${d.to}`).sort()).toEqual(expected)
    expect(deliveries.every((d) => d.status === 'queued' && d.template === 'sos_alert')).toBe(true)

    await runJobs(payload)

    for (const phone of [
      ...trip.contactPhones,
      trip.guidePhone,
      trip.satellitePhone,
      oncallPhone,
    ]) {
      const messages = fakes.sms.to(phone)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toMatchObject({ templateId: 'sos_alert', apiKey: 'test-sms-key' })
      expect(messages[0].params).toMatchObject({
        incidentId: String(created.id),
        trekkerName: 'Asha Rawat',
        position: '30.73460, 79.06690',
        message: 'Twisted ankle below the pass',
      })
    }
    for (const email of [trip.guideEmail, oncallEmail]) {
      const mails = fakes.smtp.to(email)
      expect(mails).toHaveLength(1)
      expect(mails[0].subject).toBe(`SOS from Asha Rawat: incident #${created.id}`)
      expect(mails[0].body).toContain('Twisted ankle below the pass')
      expect(mails[0].body).toContain('https://www.google.com/maps?q=30.7346,79.0669')
    }
    const sent = await deliveriesOf(created.id)
    expect(sent.every((d) => d.status === 'sent' && d.attempts === 1 && d.sentAt)).toBe(true)
  })

  it('answers a later retry with the same incident and alerts nobody again', async () => {
    const clientId = unique('sos')
    const first = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId, batch: trip.batch.id },
    })
    await runJobs(payload)
    const smsBefore = fakes.sms.received.length
    const mailBefore = fakes.smtp.received.length

    const again = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId, message: 'resent' },
    })
    await runJobs(payload)

    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(again.body.doc.id).toBe(first.body.doc.id)
    expect(again.body.doc.message).toBe('')
    expect(fakes.sms.received.length).toBe(smsBefore)
    expect(fakes.smtp.received.length).toBe(mailBefore)
    expect(await deliveriesOf(first.body.doc.id)).toHaveLength(3 + trip.contactPhones.length + 2)
  })

  it('refuses a clientId another trekker already used, without revealing their SOS', async () => {
    const clientId = unique('sos')
    const other = await createUser(payload, null)
    await api('POST', '/incidents', { token: trip.trekker.token, body: { clientId } })

    const res = await api('POST', '/incidents', {
      token: other.token,
      body: { clientId, message: 'mine' },
    })

    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toMatch(/another SOS/)
    expect(res.body.doc).toBeUndefined()
  })
})

describe('POST /api/incidents: nothing but the clientId can make an SOS fail', () => {
  let trekker: Awaited<ReturnType<typeof createUser>>

  beforeAll(async () => {
    trekker = await createUser(payload, null)
    env.opsOncall = []
  })

  it('stores a missing position as unknown and a missing time as now', async () => {
    const before = Date.now()
    const res = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('sos') },
    })

    expect(res.status).toBe(201)
    expect(res.body.doc.latitude).toBeNull()
    expect(res.body.doc.longitude).toBeNull()
    expect(res.body.doc.batch).toBeNull()
    expect(new Date(res.body.doc.occurredAt).getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(res.body.doc.message).toBe('')
  })

  it('stores an impossible position as unknown, a bad time as now and cuts a long message', async () => {
    const res = await api('POST', '/incidents', {
      token: trekker.token,
      body: {
        clientId: unique('sos'),
        latitude: 'north-ish',
        longitude: 512,
        occurredAt: 'yesterday evening',
        message: 'x'.repeat(5000),
        batch: 'not-an-id',
      },
    })

    expect(res.status).toBe(201)
    expect(res.body.doc.latitude).toBeNull()
    expect(res.body.doc.longitude).toBeNull()
    expect(Math.abs(new Date(res.body.doc.occurredAt).getTime() - Date.now())).toBeLessThan(60_000)
    expect(res.body.doc.message).toHaveLength(2000)
  })

  it('stores a time before 2000 (a reset phone clock, even year 0) as now, and keeps 2000 itself', async () => {
    // Review round 21: '0001-01-01T05:29:59+05:30' is year 0 in UTC, which the column refused.
    const sent = [
      '0001-01-01T05:29:59+05:30',
      '0000-01-01T00:00:00Z',
      -62135596800001,
      '1999-12-31T23:59:59.999Z',
      0,
    ]
    for (const occurredAt of sent) {
      const res = await api('POST', '/incidents', {
        token: trekker.token,
        body: { clientId: unique('sos'), message: 'Avalanche, two buried', occurredAt },
      })

      expect(res.status).toBe(201)
      expect(Math.abs(new Date(res.body.doc.occurredAt).getTime() - Date.now())).toBeLessThan(
        60_000,
      )
    }
    const floor = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('sos'), occurredAt: '2000-01-01T00:00:00Z' },
    })
    expect(floor.status).toBe(201)
    expect(floor.body.doc.occurredAt).toBe('2000-01-01T00:00:00.000Z')
  })

  it('stores a time ahead of the server’s clock as the server’s time, and keeps a past one', async () => {
    // Review round 23: a phone dated hours ahead could sort its SOS above every real one.
    const ahead = await api('POST', '/incidents', {
      token: trekker.token,
      body: {
        clientId: unique('sos'),
        occurredAt: new Date(Date.now() + 23 * 60 * 60 * 1000).toISOString(),
      },
    })
    expect(ahead.status).toBe(201)
    expect(Math.abs(new Date(ahead.body.doc.occurredAt).getTime() - Date.now())).toBeLessThan(
      60_000,
    )
    const queuedOffline = '2026-01-15T04:30:00.000Z'
    const past = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('sos'), occurredAt: queuedOffline },
    })
    expect(past.status).toBe(201)
    expect(past.body.doc.occurredAt).toBe(queuedOffline)
  })

  it('accepts coordinates sent as strings', async () => {
    const res = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('sos'), latitude: '32.2432', longitude: '77.1892' },
    })

    expect(res.status).toBe(201)
    expect([res.body.doc.latitude, res.body.doc.longitude]).toEqual([32.2432, 77.1892])
  })

  it('answers 400 without a clientId, 401 when signed out and 403 for staff', async () => {
    const ops = await createUser(payload, 'ops_manager')

    const missing = await api('POST', '/incidents', {
      token: trekker.token,
      body: { message: 'help' },
    })
    const malformed = await api('POST', '/incidents', {
      token: trekker.token,
      rawBody: '{not json',
      headers: { 'Content-Type': 'application/json' },
    })
    const anonymous = await api('POST', '/incidents', { body: { clientId: unique('sos') } })
    const staff = await api('POST', '/incidents', {
      token: ops.token,
      body: { clientId: unique('sos') },
    })

    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].message).toMatch(/clientId is required/)
    expect(malformed.status).toBe(400)
    expect(anonymous.status).toBe(401)
    expect(staff.status).toBe(403)
  })
})

describe('SOS alerts when the SMS provider fails', () => {
  it('marks the alert failed, backs off, and sends it exactly once on the retry', async () => {
    const trekker = await createUser(payload, null)
    const oncallPhone = uniquePhone()
    env.opsOncall = [oncallPhone]
    await runJobs(payload)
    fakes.sms.failNext(1, 503)

    const res = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('sos') },
    })
    await runJobs(payload)

    const [failed] = await deliveriesOf(res.body.doc.id)
    expect(failed).toMatchObject({ channel: 'sms', to: oncallPhone, status: 'failed', attempts: 1 })
    expect(failed.lastError).toMatch(/503/)
    expect(fakes.sms.to(oncallPhone)).toHaveLength(0)
    const [job] = await jobsFor(
      payload,
      'sendNotification',
      (input) => input.deliveryId === failed.id,
    )
    expect(job.totalTried).toBe(1)
    expect(job.hasError).toBeFalsy()
    expect(new Date(job.waitUntil!).getTime()).toBeGreaterThan(Date.now())

    await payload.jobs.runByID({ id: job.id, silent: true })

    const [sent] = await deliveriesOf(res.body.doc.id)
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null })
    expect(fakes.sms.to(oncallPhone)).toHaveLength(1)
    expect(
      await jobsFor(payload, 'sendNotification', (input) => input.deliveryId === failed.id),
    ).toHaveLength(0)
  })
})

describe('SOS alerts go before other queued work (review round 20)', () => {
  it('sends an SOS’s texts in the first run, behind forty older jobs', async () => {
    const trip = await createTrip(payload)
    await runJobs(payload)
    const flooder = await createUser(payload, null)
    for (let i = 0; i < 40; i++) {
      await payload.jobs.queue({ task: EVALUATE_BADGES, input: { userId: flooder.id } })
    }

    const sos = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: unique('sos'), message: 'Fell near camp, ankle broken' },
    })
    expect(sos.status).toBe(201)
    // One run as the cron and the worker make it: 20 jobs over every queue.
    await payload.jobs.run({ allQueues: true, limit: 20, silent: true })

    const alerts = await deliveriesOf(sos.body.doc.id)
    expect(alerts.length).toBeGreaterThan(0)
    expect(alerts.filter((delivery) => delivery.status !== 'sent')).toEqual([])
    for (const phone of trip.contactPhones) {
      expect(fakes.sms.to(phone).length).toBeGreaterThan(0)
    }
    // The older work was not dropped: it runs after.
    expect(
      (await jobsFor(payload, EVALUATE_BADGES, (input) => input.userId === flooder.id)).length,
    ).toBeGreaterThan(20)
    await runJobs(payload)
  })
})

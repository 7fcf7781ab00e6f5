import net from 'node:net'

import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals'
import { _internal_jobSystemGlobals, type Payload } from 'payload'

import { env } from '@/config/env'

import { createTrip } from '../emergency/trip'
import { startProviderFakes, type ProviderFakes } from '../fakes/providers'
import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'

/**
 * SMTP and the SMS provider down for ten minutes, on a controlled clock: the jobs queue reads
 * the time through Payload's job-system clock, which the test moves forward from one retry to
 * the next instead of waiting. For the first half the providers refuse connections, for the
 * second they answer with errors; then they come back.
 */

const MINUTE = 60_000

let payload: Payload
let fakes: ProviderFakes
let offset = 0

beforeAll(async () => {
  payload = await testPayload()
  fakes = await startProviderFakes()
})

afterEach(() => {
  _internal_jobSystemGlobals.getCurrentDate = () => new Date()
})

afterAll(async () => {
  await fakes.stop()
})

/** A port nothing listens on: connecting is refused, like a provider that is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function rideOutOutage(outageMs: number) {
  const started = Date.now()
  offset = 0
  const up = { smtpUrl: env.smtpUrl, smsUrl: env.sms.httpUrl }
  const dead = await closedPort()
  const providers = (simulated: number) => {
    const refusing = simulated < outageMs / 2
    const erroring = simulated >= outageMs / 2 && simulated < outageMs
    env.smtpUrl = refusing ? `smtp://127.0.0.1:${dead}` : up.smtpUrl
    env.sms.httpUrl = refusing ? `http://127.0.0.1:${dead}/send` : up.smsUrl
    fakes.smtp.failNext(erroring ? 1_000_000 : 0)
    fakes.sms.failNext(erroring ? 1_000_000 : 0)
  }
  _internal_jobSystemGlobals.getCurrentDate = () => new Date(Date.now() + offset)
  providers(0)

  // Earlier test files leave queued jobs in the shared database; this test steps the job clock
  // by what is pending, so it starts with an empty queue (files run one at a time).
  await payload.db.deleteMany({
    collection: 'payload-jobs',
    where: { completedAt: { exists: false } },
  })

  const trip = await createTrip(payload)
  const sos = await api('POST', '/incidents', {
    token: trip.trekker.token,
    body: { clientId: `down-${Date.now()}`, batch: trip.batch.id, message: 'Need help' },
  })
  expect(sos.status).toBe(201)
  const { docs: deliveries } = await payload.find({
    collection: 'notification-deliveries',
    where: { incident: { equals: sos.body.doc.id } },
    pagination: false,
    overrideAccess: true,
  })
  const sms = deliveries.filter((d) => d.channel === 'sms')
  const mail = deliveries.filter((d) => d.channel === 'email')
  expect(sms.length).toBeGreaterThanOrEqual(4)
  expect(mail.length).toBeGreaterThanOrEqual(1)
  const mailBefore = fakes.smtp.received.length
  const smsBefore = fakes.sms.received.length

  // Run what is due, then jump to the next retry; the providers follow the simulated clock.
  const rounds: number[] = []
  for (let round = 0; round < 30; round += 1) {
    providers(offset)
    await payload.jobs.run({ allQueues: true, limit: 100 })
    const pending = await payload.find({
      collection: 'payload-jobs',
      where: {
        completedAt: { exists: false },
        hasError: { not_equals: true },
        taskSlug: { equals: 'sendNotification' },
      },
      pagination: false,
      overrideAccess: true,
    })
    if (pending.docs.length === 0) {
      break
    }
    const next = Math.min(
      ...pending.docs.map((job) => (job.waitUntil ? new Date(job.waitUntil).getTime() : 0)),
    )
    offset = Math.max(offset, next - Date.now() + 1_000)
    rounds.push(Math.round(offset / 1000))
  }

  // Nothing was sent while they were down, everything once after.
  expect(offset).toBeGreaterThanOrEqual(outageMs)
  const after = await payload.find({
    collection: 'notification-deliveries',
    where: { incident: { equals: sos.body.doc.id } },
    pagination: false,
    overrideAccess: true,
  })
  expect(after.docs.map((d) => d.status)).toEqual(after.docs.map(() => 'sent'))
  expect(after.docs.every((d) => (d.attempts ?? 0) >= 2)).toBe(true)
  for (const delivery of sms) {
    expect(fakes.sms.to(delivery.to)).toHaveLength(1)
  }
  for (const delivery of mail) {
    expect(fakes.smtp.to(delivery.to)).toHaveLength(1)
  }
  // Other files' queued jobs (booking mails) may be sent by the same runs; count only ours.
  const ours = new Set(deliveries.map((d) => d.to))
  const newSms = fakes.sms.received.slice(smsBefore).filter((m) => ours.has(m.to))
  const newMail = fakes.smtp.received
    .slice(mailBefore)
    .filter((m) => m.to.some((to) => ours.has(to)))
  expect(newSms).toHaveLength(sms.length)
  expect(newMail).toHaveLength(mail.length)
  const failedJobs = await payload.count({
    collection: 'payload-jobs',
    where: { hasError: { equals: true }, taskSlug: { equals: 'sendNotification' } },
    overrideAccess: true,
  })
  expect(failedJobs.totalDocs).toBe(0)
  console.info(
    `providers down ${outageMs / MINUTE} min: ${deliveries.length} messages, retries at simulated seconds ${rounds.join(', ')}; ` +
      `${Date.now() - started} ms`,
  )
  return Date.now() - started
}

it('ten minutes without SMTP and SMS: every message is sent exactly once when they return', async () => {
  expect(await rideOutOutage(10 * MINUTE)).toBeLessThan(60_000)
}, 60_000)

// The send task promises to ride out "about half an hour" of provider outage.
it('twenty-five minutes down: still nothing lost', async () => {
  expect(await rideOutOutage(25 * MINUTE)).toBeLessThan(60_000)
}, 60_000)

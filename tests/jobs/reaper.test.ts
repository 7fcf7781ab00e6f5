import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import { createLocalReq, type Payload } from 'payload'

import { reapStuckJobs } from '@/jobs'
import { deliverNotification, enqueueDelivery } from '@/notifications'
import { withTransaction } from '@/shared/transaction'

import { startProviderFakes, type ProviderFakes } from '../fakes/providers'
import { unique } from '../helpers/fixtures'
import { jobsFor, runJobs, uniquePhone } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'

let payload: Payload
let fakes: ProviderFakes

const enqueueSms = async (to: string) => {
  const req = await createLocalReq({}, payload)
  const result = await withTransaction(req, () =>
    enqueueDelivery(req, {
      key: unique('test-sms'),
      channel: 'sms',
      template: 'sos_alert',
      to,
      params: {
        incidentId: '0',
        trekkerName: 'Test',
        trekkerPhone: '',
        message: 'test',
        position: 'unknown',
        mapsUrl: '',
        occurredAt: 'now',
        trekName: '',
      },
    }),
  )
  return result.id!
}

beforeAll(async () => {
  payload = await testPayload()
  fakes = await startProviderFakes()
  await runJobs(payload)
})

afterAll(async () => {
  await fakes.stop()
})

describe('jobs left processing by a crashed worker', () => {
  it('are released after the time limit and then run; recent ones are left alone', async () => {
    const stuckPhone = uniquePhone()
    const busyPhone = uniquePhone()
    const stuck = await enqueueSms(stuckPhone)
    const busy = await enqueueSms(busyPhone)
    const [stuckJob] = await jobsFor(
      payload,
      'sendNotification',
      (input) => input.deliveryId === stuck,
    )
    const [busyJob] = await jobsFor(
      payload,
      'sendNotification',
      (input) => input.deliveryId === busy,
    )
    await payload.db.drizzle.execute(
      sql`update payload_jobs set processing = true, updated_at = now() - interval '20 minutes' where id = ${stuckJob.id}`,
    )
    await payload.db.drizzle.execute(
      sql`update payload_jobs set processing = true, updated_at = now() - interval '1 minute' where id = ${busyJob.id}`,
    )

    await runJobs(payload)
    const untouched = fakes.sms.to(stuckPhone).length
    const released = await reapStuckJobs(payload, 15)
    await runJobs(payload)

    expect(untouched).toBe(0)
    expect(released).toBe(1)
    expect(fakes.sms.to(stuckPhone)).toHaveLength(1)
    expect(fakes.sms.to(busyPhone)).toHaveLength(0)
  })
})

describe('one delivery handed to two workers', () => {
  it('is sent once', async () => {
    const phone = uniquePhone()
    const id = await enqueueSms(phone)

    const outcomes = await Promise.allSettled([
      deliverNotification(await createLocalReq({}, payload), id),
      deliverNotification(await createLocalReq({}, payload), id),
    ])
    const again = await deliverNotification(await createLocalReq({}, payload), id)

    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'sent')).toHaveLength(1)
    expect(again).toBe('already-sent')
    expect(fakes.sms.to(phone)).toHaveLength(1)
  })
})

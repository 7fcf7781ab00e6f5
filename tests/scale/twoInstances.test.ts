import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import type { Payload } from 'payload'

import { SCHEDULES } from '@/jobs'

import { activeBookingsOn, batchRow, bookableBatch, quickTrekkers } from '../bookings/support'
import { testPayload } from '../helpers/payload'
import { uniqueIp, uniqueMobile } from '../users/helpers/fakeSms'
import { REDIS_URL } from '../users/helpers/otpScenarios'

import { startInstance, stopInstance, type Instance } from './instances'

jest.setTimeout(300_000)

const PHONE_CAP = 3

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

async function call(
  instance: Instance,
  method: string,
  path: string,
  init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${instance.url}${path}`, {
    method,
    headers: {
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(init.token ? { Authorization: `JWT ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  return { status: res.status, cache: res.headers.get('x-cache'), body: (await res.json()) as any }
}

/**
 * Two instances in their own processes, sharing PostgreSQL, and Redis in the second run:
 * whatever one instance decides, the other sees at once.
 */
describe.each([
  ['PostgreSQL only', {}],
  ['PostgreSQL and Redis', { REDIS_URL }],
])('two instances sharing %s', (_name, extraEnv: Record<string, string>) => {
  let one: Instance
  let two: Instance

  beforeAll(async () => {
    const env = {
      ...extraEnv,
      OTP_RESEND_COOLDOWN_SECONDS: '0',
      OTP_MAX_PER_PHONE_PER_HOUR: String(PHONE_CAP),
      OTP_MAX_PER_IP_PER_HOUR: '1000',
    }
    ;[one, two] = await Promise.all([startInstance(env), startInstance(env)])
  })

  afterAll(async () => {
    await Promise.all([stopInstance(one), stopInstance(two)])
  })

  it('sell exactly the seats of a batch to a burst split across both', async () => {
    const { batch } = await bookableBatch(payload, { seats: 20 })
    const people = await quickTrekkers(payload, 60)

    const results = await Promise.all(
      people.map((person, i) =>
        call(i % 2 ? two : one, 'POST', '/api/bookings', {
          token: person.token,
          body: { batch: batch.id },
        }),
      ),
    )

    expect(results.filter((res) => res.status === 201)).toHaveLength(20)
    const refused = results.filter((res) => res.status !== 201)
    expect(refused).toHaveLength(40)
    expect(new Set(refused.map((res) => `${res.status} ${res.body.errors[0].message}`))).toEqual(
      new Set(['400 This batch is full']),
    )
    expect(await activeBookingsOn(payload, batch.id)).toBe(20)
    expect(await batchRow(payload, batch.id)).toMatchObject({
      status: 'full',
      bookedSeats: 20,
      availableSeats: 0,
    })
  })

  it("show the seat count another instance's booking left, from their caches", async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 5 })
    const [trekker] = await quickTrekkers(payload, 1)
    const slug = (
      await payload.findByID({ collection: 'treks', id: trek.id, overrideAccess: true })
    ).slug
    const seats = async (instance: Instance) => {
      const res = await call(instance, 'GET', `/api/treks/slug/${slug}/batches`)
      return { cache: res.cache, seats: res.body.docs[0].availableSeats }
    }
    await seats(one)
    expect(await seats(one)).toEqual({ cache: 'HIT', seats: 5 })

    const booked = await call(two, 'POST', '/api/bookings', {
      token: trekker.token,
      body: { batch: batch.id },
    })
    expect(booked.status).toBe(201)
    expect(await seats(one)).toEqual({ cache: 'MISS', seats: 4 })

    const cancelled = await call(one, 'POST', `/api/bookings/${booked.body.doc.id}/cancel`, {
      token: trekker.token,
      body: { reason: 'Plans changed' },
    })
    expect(cancelled.status).toBe(200)
    expect(await seats(two)).toMatchObject({ seats: 5 })
    expect(await seats(one)).toEqual({ cache: 'MISS', seats: 5 })
  })

  it('share the per-phone cap on sign-in codes', async () => {
    const phone = `+91${uniqueMobile()}`
    const answers: number[] = []
    for (let i = 0; i < 2 * PHONE_CAP; i++) {
      const res = await call(i % 2 ? two : one, 'POST', '/api/users/otp/request', {
        body: { phone },
        headers: { 'X-Forwarded-For': uniqueIp() },
      })
      answers.push(res.status)
    }
    expect(answers).toEqual([...Array(PHONE_CAP).fill(202), ...Array(PHONE_CAP).fill(429)])
  })

  it('claim each due schedule run once between them', async () => {
    // A moment no other test claims: each run is claimed once for the whole database.
    const now = new Date(Date.UTC(2031, 0, 15, 3, 31) + (extraEnv.REDIS_URL ? 86_400_000 : 0))
    const [fromOne, fromTwo] = await Promise.all(
      [one, two].map((instance) =>
        call(instance, 'POST', '/__scale/schedules', { body: { now: now.toISOString() } }),
      ),
    )
    const claimed = [...fromOne.body, ...fromTwo.body].map(
      (run: { schedule: string; period: string }) => `${run.schedule} ${run.period}`,
    )

    expect(new Set(claimed).size).toBe(claimed.length)
    const registered = SCHEDULES.filter((schedule) =>
      (payload.config.jobs.tasks ?? []).some((task) => task.slug === schedule.task),
    ).map((schedule) => schedule.name)
    expect(new Set(claimed.map((run) => run.split(' ')[0]))).toEqual(new Set(registered))
  })
})

import { afterAll, beforeAll, expect, it } from '@jest/globals'
import pg from 'pg'
import type { Payload } from 'payload'

import { batchRow, bookableBatch, quickTrekkers } from '../bookings/support'
import { startHttpServer, type TestHttpServer } from '../helpers/httpServer'
import { testPayload } from '../helpers/payload'

/**
 * PostgreSQL "restarting" under a booking burst, without touching the shared server: every
 * backend of this test database except the one asking is terminated, as a restart would,
 * while requests are in flight. The service must carry on by itself and leave nothing half
 * written.
 */

let payload: Payload
let server: TestHttpServer

beforeAll(async () => {
  payload = await testPayload()
  server = await startHttpServer()
})

afterAll(async () => {
  await server?.close()
})

type Answer = { status: number; id?: number; message?: string; userId: number }

async function book(token: string, userId: number, batchId: number): Promise<Answer> {
  try {
    const res = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `JWT ${token}` },
      body: JSON.stringify({ batch: batchId }),
    })
    const body = (await res.json().catch(() => ({}))) as any
    return { status: res.status, id: body?.doc?.id, message: body?.errors?.[0]?.message, userId }
  } catch {
    return { status: 0, userId }
  }
}

/**
 * What a restart does to each session: FATAL 57P01 on every connection of this database. Sent
 * on a connection of the test's own, outside the service's pool, like an operator's psql.
 */
async function terminateDatabaseConnections() {
  const operator = new pg.Client({ connectionString: process.env.DATABASE_URI })
  await operator.connect()
  try {
    const { rows } = await operator.query(
      `select count(pg_terminate_backend(pid))::int as killed from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid()`,
    )
    return Number(rows[0].killed)
  } finally {
    await operator.end()
  }
}

it('a booking burst across a database restart: each request all or nothing, seats and money agree', async () => {
  const started = Date.now()
  const seats = 8
  const { batch } = await bookableBatch(payload, { seats, price: 14500 })
  const people = await quickTrekkers(payload, 40)
  const [first, second] = [people.slice(0, 24), people.slice(24)]

  const burst = first.map((person) => book(person.token, person.id, batch.id))
  await new Promise((resolve) => setTimeout(resolve, 40))
  const killedDuring = await terminateDatabaseConnections()
  await new Promise((resolve) => setTimeout(resolve, 20))
  const killedAgain = await terminateDatabaseConnections()
  const answers = await Promise.all(burst)

  // After the restart, without anyone touching the service, it serves again.
  let health = 0
  for (let i = 0; i < 20 && health !== 200; i += 1) {
    health = (await fetch(`${server.url}/api/health`)).status
    if (health !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  expect(health).toBe(200)
  const later = await Promise.all(second.map((person) => book(person.token, person.id, batch.id)))
  const all = [...answers, ...later]

  expect(killedDuring + killedAgain).toBeGreaterThan(0)
  // Clean failures only. While the database is away Payload cannot load the caller, so a
  // few requests are refused as anonymous (401/403) instead of 503: still nothing written.
  for (const answer of all) {
    expect([201, 400, 401, 403, 500, 503]).toContain(answer.status)
  }
  const { docs: rows } = await payload.find({
    collection: 'bookings',
    where: { batch: { equals: batch.id } },
    pagination: false,
    overrideAccess: true,
    depth: 0,
  })
  // Nothing half-written: a row exists exactly for each 201, and each 201 has its row.
  expect(rows.map((row) => row.id).sort()).toEqual(
    all
      .filter((a) => a.status === 201)
      .map((a) => a.id)
      .sort(),
  )
  for (const answer of all.filter((a) => a.status === 400)) {
    expect(['This batch is full', 'You already hold a seat on this batch']).toContain(
      answer.message,
    )
  }
  // The later wave proves recovery: the seats left after the burst were sold to it.
  expect(rows.length).toBe(seats)
  expect(later.filter((a) => a.status === 201).length).toBe(
    seats - answers.filter((a) => a.status === 201).length,
  )
  expect(later.every((a) => a.status === 201 || a.status === 400)).toBe(true)

  const recount = rows.filter((row) => ['pending', 'confirmed'].includes(String(row.status))).length
  expect(await batchRow(payload, batch.id)).toMatchObject({
    bookedSeats: recount,
    availableSeats: seats - recount,
    status: 'full',
  })
  for (const row of rows) {
    expect(row).toMatchObject({
      status: 'pending',
      baseAmount: 14500,
      finalAmount: 14500,
      amountPaid: 0,
      balanceDue: 14500,
    })
  }
  const outcome = all.reduce<Record<number, number>>(
    (acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }),
    {},
  )
  console.info(`database restart fault: ${JSON.stringify(outcome)} in ${Date.now() - started} ms`)
  expect(Date.now() - started).toBeLessThan(60_000)
}, 60_000)

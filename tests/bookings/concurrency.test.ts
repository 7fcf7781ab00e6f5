import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { startHttpServer, type TestHttpServer } from '../helpers/httpServer'
import { testPayload } from '../helpers/payload'

import { activeBookingsOn, batchRow, book, bookableBatch, quickTrekkers } from './support'

let payload: Payload
let server: TestHttpServer

const trekkers = (count: number) => quickTrekkers(payload, count)

function post(path: string, token: string, body: unknown) {
  return fetch(`${server.url}/api${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `JWT ${token}` },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }))
}

async function bookingRowsOn(batchId: number) {
  const { totalDocs } = await payload.count({
    collection: 'bookings',
    where: { batch: { equals: batchId } },
    overrideAccess: true,
  })
  return totalDocs
}

beforeAll(async () => {
  payload = await testPayload()
  server = await startHttpServer()
})

afterAll(async () => {
  await server?.close()
})

describe('seat inventory under concurrent HTTP requests', () => {
  it('sells exactly 3 seats to 50 simultaneous requests', async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 3 })
    const people = await trekkers(50)

    const results = await Promise.all(
      people.map((person) => post('/bookings', person.token, { batch: batch.id })),
    )

    const created = results.filter((res) => res.status === 201)
    const refused = results.filter((res) => res.status === 400)
    expect(created).toHaveLength(3)
    expect(refused).toHaveLength(47)
    expect(new Set(refused.map((res) => res.body.errors[0].message))).toEqual(
      new Set(['This batch is full']),
    )
    expect(await bookingRowsOn(batch.id)).toBe(3)
    expect(await batchRow(payload, batch.id)).toMatchObject({
      status: 'full',
      bookedSeats: 3,
      availableSeats: 0,
    })
    const card = await payload.findByID({ collection: 'treks', id: trek.id, overrideAccess: true })
    expect(card.seatsLeft).toBeNull()
  })

  it('gives a seat freed by a concurrent cancellation to at most one newcomer', async () => {
    const { batch } = await bookableBatch(payload, { seats: 3 })
    const [holder, ...others] = await trekkers(23)
    const held = [await book(holder.token, batch.id)]
    for (const person of others.slice(0, 2)) {
      held.push(await book(person.token, batch.id))
    }
    expect(held.map((res) => res.status)).toEqual([201, 201, 201])
    const newcomers = others.slice(2)

    const [cancel, ...attempts] = await Promise.all([
      post(`/bookings/${held[0].body.doc.id}/cancel`, holder.token, { reason: 'Plans changed' }),
      ...newcomers.map((person) => post('/bookings', person.token, { batch: batch.id })),
    ])

    expect(cancel.status).toBe(200)
    const won = attempts.filter((res) => res.status === 201).length
    expect(won).toBeLessThanOrEqual(1)
    expect(attempts.filter((res) => res.status === 400)).toHaveLength(newcomers.length - won)
    const active = await activeBookingsOn(payload, batch.id)
    expect(active).toBe(2 + won)
    expect(await bookingRowsOn(batch.id)).toBe(3 + won)
    expect(await batchRow(payload, batch.id)).toMatchObject({
      bookedSeats: active,
      availableSeats: 3 - active,
      status: active === 3 ? 'full' : 'open',
    })

    // Whatever the interleaving, the freed seat is sold once and no more.
    const late = await Promise.all(
      newcomers.slice(0, 5).map((person) => post('/bookings', person.token, { batch: batch.id })),
    )
    expect(late.filter((res) => res.status === 201)).toHaveLength(1 - won)
    expect(await batchRow(payload, batch.id)).toMatchObject({
      bookedSeats: 3,
      availableSeats: 0,
      status: 'full',
    })
  })
})

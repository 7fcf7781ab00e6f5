import { beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { refreshStaleTrekCards } from '@/catalog'

import { api } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { makeBatch, makeRegion, makeTrek, readTrek } from './builders'

let payload: Payload
let ops: TestUser

/** The card as a client reads it from the trek list. */
async function card(trekId: number) {
  const res = await api('GET', `/treks/${trekId}?depth=0`)
  expect(res.status).toBe(200)
  return { nextBatch: res.body.nextBatch, seatsLeft: res.body.seatsLeft }
}

async function freshTrek() {
  const region = await makeRegion(payload)
  return makeTrek(payload, { region: region.id })
}

describe('trek card: nextBatch and seatsLeft follow the batches', () => {
  beforeAll(async () => {
    payload = await testPayload()
    ops = await createUser(payload, 'ops_manager')
  })

  it('is empty for a trek with no batch', async () => {
    const trek = await freshTrek()

    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: null, price: null },
      seatsLeft: null,
    })
  })

  it('shows the soonest open batch after batches are created through REST', async () => {
    const trek = await freshTrek()
    const later = await api('POST', '/batches', {
      token: ops.token,
      body: {
        trek: trek.id,
        startDate: new Date(Date.now() + 60 * 864e5).toISOString(),
        endDate: new Date(Date.now() + 65 * 864e5).toISOString(),
        totalSeats: 14,
        price: 18000,
      },
    })
    const sooner = await api('POST', '/batches', {
      token: ops.token,
      body: {
        trek: trek.id,
        startDate: new Date(Date.now() + 20 * 864e5).toISOString(),
        endDate: new Date(Date.now() + 25 * 864e5).toISOString(),
        totalSeats: 8,
        price: 12500.5,
      },
    })

    expect(later.status).toBe(201)
    expect(sooner.status).toBe(201)
    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: sooner.body.doc.startDate, price: 12500.5 },
      seatsLeft: 8,
    })
  })

  it('ignores past batches', async () => {
    const trek = await freshTrek()
    await makeBatch(payload, trek.id, -10)
    const upcoming = await makeBatch(payload, trek.id, 30, { price: 9999 })

    expect((await card(trek.id)).nextBatch).toEqual({ startDate: upcoming.startDate, price: 9999 })
  })

  it('follows a price or date change of the next batch', async () => {
    const trek = await freshTrek()
    const soon = await makeBatch(payload, trek.id, 10, { price: 10000 })
    const later = await makeBatch(payload, trek.id, 40, { price: 20000 })

    await api('PATCH', `/batches/${soon.id}`, { token: ops.token, body: { price: 11000 } })
    expect((await card(trek.id)).nextBatch.price).toBe(11000)

    const moved = new Date(Date.now() + 50 * 864e5).toISOString()
    const moveEnd = new Date(Date.now() + 55 * 864e5).toISOString()
    await api('PATCH', `/batches/${soon.id}`, {
      token: ops.token,
      body: { startDate: moved, endDate: moveEnd },
    })
    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: later.startDate, price: 20000 },
      seatsLeft: 12,
    })
  })

  it.each(['cancelled', 'full', 'completed'])(
    'moves to the following batch when the next one turns %s, and back when reopened',
    async (status) => {
      const trek = await freshTrek()
      const first = await makeBatch(payload, trek.id, 10, { price: 10000, totalSeats: 6 })
      const second = await makeBatch(payload, trek.id, 30, { price: 14000, totalSeats: 9 })

      await api('PATCH', `/batches/${first.id}`, { token: ops.token, body: { status } })
      expect(await card(trek.id)).toEqual({
        nextBatch: { startDate: second.startDate, price: 14000 },
        seatsLeft: 9,
      })

      await api('PATCH', `/batches/${first.id}`, { token: ops.token, body: { status: 'open' } })
      expect(await card(trek.id)).toEqual({
        nextBatch: { startDate: first.startDate, price: 10000 },
        seatsLeft: 6,
      })
    },
  )

  it('empties when the last open batch is deleted', async () => {
    const trek = await freshTrek()
    const only = await makeBatch(payload, trek.id, 15)

    const res = await api('DELETE', `/batches/${only.id}`, { token: ops.token })

    expect(res.status).toBe(200)
    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: null, price: null },
      seatsLeft: null,
    })
  })

  it('follows booked seats, and a batch that fills up gives way to the next', async () => {
    const trek = await freshTrek()
    const first = await makeBatch(payload, trek.id, 10, { totalSeats: 4 })
    const second = await makeBatch(payload, trek.id, 30, { totalSeats: 10 })

    // Bookings change bookedSeats on the server; simulated here as they will do it.
    await payload.update({
      collection: 'batches',
      id: first.id,
      data: { bookedSeats: 3 },
      overrideAccess: true,
    })
    expect((await card(trek.id)).seatsLeft).toBe(1)

    const full = await payload.update({
      collection: 'batches',
      id: first.id,
      data: { bookedSeats: 4 },
      overrideAccess: true,
    })
    expect(full.status).toBe('full')
    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: second.startDate, price: 15000 },
      seatsLeft: 10,
    })
  })

  it('reopens a full batch when ops add seats, and the card shows it again', async () => {
    const trek = await freshTrek()
    const first = await makeBatch(payload, trek.id, 10, { totalSeats: 4 })
    await payload.update({
      collection: 'batches',
      id: first.id,
      data: { bookedSeats: 4 },
      overrideAccess: true,
    })

    const res = await api('PATCH', `/batches/${first.id}`, {
      token: ops.token,
      body: { totalSeats: 6 },
    })

    expect(res.body.doc).toMatchObject({ status: 'open', availableSeats: 2, bookedSeats: 4 })
    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: first.startDate, price: 15000 },
      seatsLeft: 2,
    })
  })

  it('updates both treks when a batch moves to another trek', async () => {
    const from = await freshTrek()
    const to = await freshTrek()
    const batch = await makeBatch(payload, from.id, 12, { price: 7777 })

    await api('PATCH', `/batches/${batch.id}`, { token: ops.token, body: { trek: to.id } })

    expect((await readTrek(payload, from.id)).nextBatch?.price).toBeNull()
    expect((await readTrek(payload, to.id)).nextBatch?.price).toBe(7777)
  })

  it('cannot be written by a client', async () => {
    const trek = await freshTrek()
    const batch = await makeBatch(payload, trek.id, 12, { price: 5000 })

    const res = await api('PATCH', `/treks/${trek.id}`, {
      token: ops.token,
      body: { nextBatch: { startDate: new Date().toISOString(), price: 1 }, seatsLeft: 99 },
    })

    expect(res.status).toBe(200)
    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: batch.startDate, price: 5000 },
      seatsLeft: 12,
    })
  })
})

describe('stale cards', () => {
  it('are refreshed once their next departure has started', async () => {
    const trek = await freshTrek()
    const first = await makeBatch(payload, trek.id, 10, { price: 10000 })
    const second = await makeBatch(payload, trek.id, 20, { price: 20000 })
    // Time passes: the first departure starts. No batch write happens, so no hook runs.
    await payload.db.updateOne({
      collection: 'batches',
      id: first.id,
      data: { startDate: new Date(Date.now() - 60_000).toISOString() },
      returning: false,
    })
    await payload.db.updateOne({
      collection: 'treks',
      id: trek.id,
      data: { nextBatch: { startDate: new Date(Date.now() - 60_000).toISOString(), price: 10000 } },
      returning: false,
    })

    const refreshed = await refreshStaleTrekCards(await createLocalReq({}, payload))

    expect(refreshed).toBeGreaterThanOrEqual(1)
    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: second.startDate, price: 20000 },
      seatsLeft: 12,
    })
  })

  it("follows a bulk edit of the trek's batches, refreshed once after all of them", async () => {
    const trek = await freshTrek()
    const sooner = await makeBatch(payload, trek.id, 20, { price: 12000 })
    await makeBatch(payload, trek.id, 40, { price: 14000 })

    const res = await api('PATCH', `/batches?where[trek][equals]=${trek.id}&depth=0`, {
      token: ops.token,
      body: { price: 16000 },
    })

    expect(res.status).toBe(200)
    expect(res.body.docs).toHaveLength(2)
    expect(await card(trek.id)).toEqual({
      nextBatch: { startDate: sooner.startDate, price: 16000 },
      seatsLeft: 12,
    })
  })
})

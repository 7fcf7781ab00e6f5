import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { activeBookingsOn, batchRow, book, bookableBatch, quickTrekkers } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

const resize = (batchId: number, totalSeats: number) =>
  api('PATCH', `/batches/${batchId}`, { token: roles.ops_manager.token, body: { totalSeats } })

describe('staff edits of totalSeats', () => {
  it('cannot go below the seats held; meeting them fills the batch, raising them reopens it', async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 5 })
    for (const person of await quickTrekkers(payload, 3)) {
      expect((await book(person.token, batch.id)).status).toBe(201)
    }

    const below = await resize(batch.id, 2)
    expect(below.status).toBe(400)
    expect(JSON.stringify(below.body)).toContain(
      'Total seats cannot go below the 3 seats already held',
    )

    expect((await resize(batch.id, 3)).status).toBe(200)
    expect(await batchRow(payload, batch.id)).toMatchObject({
      totalSeats: 3,
      bookedSeats: 3,
      availableSeats: 0,
      status: 'full',
    })
    expect(
      (await payload.findByID({ collection: 'treks', id: trek.id, overrideAccess: true }))
        .seatsLeft,
    ).toBeNull()

    expect((await resize(batch.id, 4)).status).toBe(200)
    expect(await batchRow(payload, batch.id)).toMatchObject({
      totalSeats: 4,
      availableSeats: 1,
      status: 'open',
    })
    expect(
      (await payload.findByID({ collection: 'treks', id: trek.id, overrideAccess: true }))
        .seatsLeft,
    ).toBe(1)
  })

  it('never leaves more seats held than the batch has when a resize races bookings', async () => {
    const { batch } = await bookableBatch(payload, { seats: 4 })
    const people = await quickTrekkers(payload, 6)

    const [shrink, ...bookings] = await Promise.all([
      resize(batch.id, 2),
      ...people.map((person) => book(person.token, batch.id)),
    ])

    const row = await batchRow(payload, batch.id)
    const active = await activeBookingsOn(payload, batch.id)
    expect(row.totalSeats).toBe(shrink.status === 200 ? 2 : 4)
    expect(active).toBe(bookings.filter((res) => res.status === 201).length)
    expect(active).toBeLessThanOrEqual(row.totalSeats)
    expect(row).toMatchObject({ bookedSeats: active, availableSeats: row.totalSeats - active })
    expect(row.status).toBe(active === row.totalSeats ? 'full' : 'open')
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { book, bookableBatch, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

/** Moves a batch to where the catalog no longer shows it: under way, or a past trip. */
async function moveIntoPast(batchId: number, status: 'ongoing' | 'completed') {
  await payload.db.drizzle.execute(sql`
    update batches set start_date = now() - interval '10 days',
      end_date = now() - interval '${sql.raw(status === 'ongoing' ? '-2' : '5')} days',
      status = ${status}
    where id = ${batchId}`)
}

const MY_BOOKINGS = `{ Bookings(sort: "id") { docs { id status batch { id status startDate } } } }`

describe('the departure of a trekker’s own booking', () => {
  it('stays readable once it is under way, completed or called off, through REST and GraphQL', async () => {
    const trekker = await readyTrekker(payload)
    const underWay = (await bookableBatch(payload)).batch
    const past = (await bookableBatch(payload)).batch
    const calledOff = (await bookableBatch(payload)).batch
    for (const batch of [underWay, past, calledOff]) {
      expect((await book(trekker.token, batch.id)).status).toBe(201)
    }
    await moveIntoPast(underWay.id, 'ongoing')
    await moveIntoPast(past.id, 'completed')
    const cancel = await api('POST', `/batches/${calledOff.id}/cancel`, {
      token: roles.ops_manager.token,
      body: { reason: 'Landslide on the road head' },
    })
    expect(cancel.status).toBe(200)

    const rest = await api('GET', '/bookings?depth=1&sort=id', { token: trekker.token })
    expect(rest.status).toBe(200)
    expect(rest.body.docs.map((b: any) => [b.batch?.id, b.batch?.status])).toEqual([
      [underWay.id, 'ongoing'],
      [past.id, 'completed'],
      [calledOff.id, 'cancelled'],
    ])
    // Who called it off and why stays with the staff.
    expect(rest.body.docs[2].batch.calledOffReason).toBeUndefined()

    const gql = await graphql(MY_BOOKINGS, undefined, trekker.token)
    expect(gql.body.errors).toBeUndefined()
    expect(gql.body.data.Bookings.docs.map((b: any) => b.batch?.status)).toEqual([
      'ongoing',
      'completed',
      'cancelled',
    ])

    const byId = await api('GET', `/batches/${past.id}`, { token: trekker.token })
    expect(byId.status).toBe(200)
    expect(byId.body.id).toBe(past.id)
  })

  it('is not shown to another trekker or to anonymous callers, nor listed among upcoming ones', async () => {
    const owner = await readyTrekker(payload)
    const other = await readyTrekker(payload)
    const { batch } = await bookableBatch(payload)
    expect((await book(owner.token, batch.id)).status).toBe(201)
    await moveIntoPast(batch.id, 'completed')

    expect((await api('GET', `/batches/${batch.id}`, { token: other.token })).status).toBe(404)
    expect((await api('GET', `/batches/${batch.id}`)).status).toBe(404)
    const othersList = await api('GET', `/batches?where[id][equals]=${batch.id}`, {
      token: other.token,
    })
    expect(othersList.body.docs).toEqual([])
    const gql = await graphql(`{ Batch(id: ${batch.id}) { id } }`, undefined, other.token)
    expect(gql.body.data?.Batch ?? null).toBeNull()
  })
})

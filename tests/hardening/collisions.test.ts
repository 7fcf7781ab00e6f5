import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'
import pg from 'pg'

import { makeBatch, makeRegion, makeTrek } from '../catalog/builders'
import { api, graphql } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import { untilLockWaiters } from '../helpers/lockWaits'
import { testPayload } from '../helpers/payload'

/**
 * A request that PostgreSQL stops to break a deadlock is rolled back whole; it answers 409
 * "try again", not 500. The deadlock is made on purpose: a second connection holds a trek's
 * later batch, the trek edit (which locks the trek's batches in id order) takes the first and
 * waits for it, then the second connection asks for the first. PostgreSQL stops the request,
 * which has waited longest.
 */
let payload: Payload
let content: TestUser

beforeAll(async () => {
  payload = await testPayload()
  content = await createUser(payload, 'content')
})

async function deadlocked(send: (trekId: number) => Promise<{ status: number; body: any }>) {
  const region = await makeRegion(payload)
  const trek = await makeTrek(payload, { region: region.id })
  const first = await makeBatch(payload, trek.id, 20)
  const second = await makeBatch(payload, trek.id, 40)
  const other = new pg.Client({ connectionString: process.env.DATABASE_URI })
  const monitor = new pg.Client({ connectionString: process.env.DATABASE_URI })
  await other.connect()
  await monitor.connect()
  try {
    await other.query('begin')
    await other.query('select id from batches where id = $1 for update', [second.id])
    const answer = send(trek.id)
    await untilLockWaiters(monitor, 1)
    const closing = other.query('select id from batches where id = $1 for update', [first.id])
    const res = await answer
    await closing
    await other.query('rollback')
    const stored = await payload.findByID({ collection: 'treks', id: trek.id, depth: 0 })
    return { res, stored }
  } finally {
    await other.end()
    await monitor.end()
  }
}

describe('a request stopped to break a deadlock', () => {
  it('answers REST with 409 and writes nothing', async () => {
    const { res, stored } = await deadlocked((trekId) =>
      api('PATCH', `/treks/${trekId}?depth=0`, {
        token: content.token,
        body: { fitnessPrep: 'Stairs for six weeks' },
      }),
    )
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toMatch(/collided with another one .* try again/)
    expect(stored.fitnessPrep).not.toBe('Stairs for six weeks')
  })

  it('answers GraphQL with statusCode 409', async () => {
    const { res } = await deadlocked((trekId) =>
      graphql(
        `mutation { updateTrek(id: ${trekId}, data: { fitnessPrep: "Stairs" }) { id } }`,
        undefined,
        content.token,
      ),
    )
    expect(res.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/collided with another one/),
      extensions: { statusCode: 409 },
    })
  })
})

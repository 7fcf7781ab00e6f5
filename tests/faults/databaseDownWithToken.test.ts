import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'
import type { Payload } from 'payload'

import { createCatalog, createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { graphqlPost, viaRoute } from '../hardening/route'

/**
 * The database going away under signed-in callers, without touching the shared server: this
 * run's own database stops taking connections and every connection to it is ended, so the
 * service's pool can neither use nor open one. Restored in `finally` and again after all.
 */

let payload: Payload
let trekker: TestUser
let batchId: number

const testDatabase = () => new URL(process.env.DATABASE_URI!).pathname.slice(1)

async function asOperator(statement: string) {
  const url = new URL(process.env.DATABASE_URI!)
  url.pathname = '/postgres'
  const operator = new pg.Client({ connectionString: url.toString() })
  await operator.connect()
  try {
    await operator.query(statement)
  } finally {
    await operator.end()
  }
}

async function takeDatabaseAway() {
  await asOperator(`alter database "${testDatabase()}" allow_connections false`)
  await asOperator(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${testDatabase()}'`,
  )
}

const bringDatabaseBack = () =>
  asOperator(`alter database "${testDatabase()}" allow_connections true`)

beforeAll(async () => {
  payload = await testPayload()
  trekker = await createUser(payload, null)
  batchId = (await createCatalog(payload)).batch.id
})

afterAll(async () => {
  await bringDatabaseBack()
})

async function whileDatabaseAway<T>(work: () => Promise<T>): Promise<T> {
  await takeDatabaseAway()
  try {
    return await work()
  } finally {
    await bringDatabaseBack()
  }
}

describe('a signed-in request while the database is down', () => {
  it('answers 503 with Retry-After, not 401 or "signed out", and serves again after', async () => {
    const started = Date.now()
    const bearer = { token: trekker.token }

    const answers = await whileDatabaseAway(async () => {
      const me = await viaRoute('GET', '/api/users/me', bearer)
      const meHeaders = await retryAfterOf('/api/users/me')
      const booking = await viaRoute('POST', '/api/bookings', {
        ...bearer,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ batch: batchId }),
      })
      const gql = await viaRoute(
        'POST',
        '/api/graphql',
        {
          ...bearer,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ query: '{ meUser { user { id } } }' }),
        },
        graphqlPost,
      )
      const anonymous = await viaRoute('GET', '/api/users/me')
      return { me, meHeaders, booking, gql, anonymous }
    })

    const message =
      'The service cannot reach its database right now, so your sign-in could not be checked. Try again shortly.'
    for (const answer of [answers.me, answers.booking, answers.gql]) {
      expect(answer.status).toBe(503)
      expect(answer.body.errors[0].message).toBe(message)
    }
    expect(answers.meHeaders).toBe('10')
    // Without a token there is nobody to check: the caller is anonymous, as before.
    expect(answers.anonymous.status).toBe(200)
    expect(answers.anonymous.body.user).toBeNull()
    expect(Date.now() - started).toBeLessThan(30_000)

    let me = { status: 0, body: {} as any }
    for (let i = 0; i < 20 && me.status !== 200; i += 1) {
      me = await viaRoute('GET', '/api/users/me', bearer)
    }
    expect(me.status).toBe(200)
    expect(me.body.user.id).toBe(trekker.id)
    const bookings = await payload.count({
      collection: 'bookings',
      where: { user: { equals: trekker.id } },
    })
    expect(bookings.totalDocs).toBe(0)
  }, 60_000)

  it('still answers a token whose session was ended with 401 while the database is up', async () => {
    const other = await createUser(payload, null)
    await viaRoute('POST', '/api/users/logout', { token: other.token })

    const answer = await viaRoute('POST', '/api/bookings', {
      token: other.token,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ batch: batchId }),
    })

    expect(answer.status).toBe(401)
  })
})

/** The Retry-After header of a signed-in GET, read from the route's raw response. */
async function retryAfterOf(path: string) {
  const { GET } = await import('../../src/app/(payload)/api/[...slug]/route')
  const response = await GET(
    new Request(`http://localhost:3000${path}`, {
      headers: { Authorization: `JWT ${trekker.token}` },
    }),
    { params: Promise.resolve({ slug: path.replace(/^\/api\//, '').split('/') }) },
  )
  return response.headers.get('retry-after')
}

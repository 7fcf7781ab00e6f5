import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'
import type { Payload } from 'payload'

import type { api as apiHelper } from '../helpers/api'
import type { createRoleUsers as createRoleUsersHelper } from '../helpers/fixtures'

// A short limit, set before the config (and its pool) is loaded: the imports below are dynamic.
const TIMEOUT_MS = 1500
process.env.DATABASE_STATEMENT_TIMEOUT_MS = String(TIMEOUT_MS)

type Helpers = {
  api: typeof apiHelper
  createRoleUsers: typeof createRoleUsersHelper
}

let payload: Payload
let helpers: Helpers
let users: Awaited<ReturnType<Helpers['createRoleUsers']>>
let locker: pg.Client

/** Another session takes `table` for itself, as a long migration or a runaway query would. */
async function holdTable(table: string) {
  await locker.query('begin')
  await locker.query(`lock table ${table} in access exclusive mode`)
  return () => locker.query('rollback')
}

beforeAll(async () => {
  const { testPayload } = await import('../helpers/payload')
  const { api } = await import('../helpers/api')
  const { createRoleUsers } = await import('../helpers/fixtures')
  helpers = { api, createRoleUsers }
  payload = await testPayload()
  users = await createRoleUsers(payload)
  locker = new pg.Client({ connectionString: process.env.DATABASE_URI })
  await locker.connect()
})

afterAll(async () => {
  await locker?.end()
})

describe('DATABASE_STATEMENT_TIMEOUT_MS', () => {
  it('is set on every connection of the pool', async () => {
    const drizzle = (payload.db as unknown as { drizzle: { execute: (q: string) => any } }).drizzle
    const { rows } = await drizzle.execute('show statement_timeout')

    expect(rows).toEqual([{ statement_timeout: `${TIMEOUT_MS}ms` }])
  })

  it('stops a request’s statement at the limit with 503 and Retry-After, and the server carries on', async () => {
    const release = await holdTable('regions')
    const started = Date.now()
    let res: { status: number; body: any; headers: Headers }
    try {
      res = await helpers.api('GET', '/regions?depth=0&limit=5', {
        token: users.super_admin.token,
      })
    } finally {
      await release()
    }
    const tookMs = Date.now() - started

    expect({
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      message: res.body.errors?.[0]?.message,
    }).toEqual({
      status: 503,
      retryAfter: '30',
      message:
        'The database took too long to answer this request; try a narrower query or again later',
    })
    expect(tookMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50)
    expect(tookMs).toBeLessThan(TIMEOUT_MS + 5000)
    expect((await helpers.api('GET', '/health')).status).toBe(200)
    const again = await helpers.api('GET', '/regions?depth=0&limit=5', {
      token: users.super_admin.token,
    })
    expect(again.status).toBe(200)
  })

  it('does not cut the payments CSV export short', async () => {
    const release = await holdTable('payments')
    const waitMs = TIMEOUT_MS + 1000
    const releasing = new Promise((resolve) => setTimeout(resolve, waitMs)).then(release)
    const started = Date.now()

    const res = await helpers.api('GET', '/payments/export', { token: users.finance.token })
    await releasing

    expect(res.status).toBe(200)
    expect(String(res.body).split('\n')[0]).toBe(
      'Booking,Trek,Batch date,Trekker,Method,Status,Amount (INR),Refunded (INR),Currency,Razorpay order id,Razorpay payment id,Razorpay refund ids,Reference,Created at\r',
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(waitMs - 50)
    expect((await helpers.api('GET', '/health')).status).toBe(200)
  })
})

import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { APIError, type Payload } from 'payload'

import { env } from '@/config/env'
import { logApiErrorsByStatus } from '@/logging'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, type TestUser } from '../helpers/fixtures'
import { captureLogOutput } from '../helpers/logOutput'
import { testPayload } from '../helpers/payload'
import { createPendingBooking } from '../payments/world'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let trekker: TestUser
let other: TestUser
let capture: ReturnType<typeof captureLogOutput> | undefined

type LogEntry = { level: number; msg?: string; status?: number; err?: { stack?: string } }

/** Pino's levels: 30 info, 40 warn, 50 error. */
const INFO = 30
const WARN = 40
const ERROR = 50

/** The log lines (one JSON object each) written while `work` runs. */
async function logOf(work: () => Promise<unknown>): Promise<LogEntry[]> {
  capture = captureLogOutput()
  try {
    await work()
    return capture
      .text()
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as LogEntry)
  } finally {
    capture.stop()
    capture = undefined
  }
}

const STACK_FRAME = /\n\s+at /

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
  trekker = await createUser(payload, null)
  other = await createUser(payload, null)
})

afterEach(() => {
  capture?.stop()
  env.razorpay.configured = true
})

describe('how refused and failed requests are logged', () => {
  it('logs client errors (400, 403, 404, validation) as one info line without a stack', async () => {
    const statuses: number[] = []
    const log = await logOf(async () => {
      const noReason = await api('POST', '/bookings/999999/cancel', {
        token: roles.cs.token,
        body: {},
      })
      const missing = await api('POST', '/bookings/999999/cancel', {
        token: trekker.token,
        body: {},
      })
      const forbidden = await api('DELETE', `/users/${other.id}`, { token: trekker.token })
      const invalid = await api('PATCH', `/users/${trekker.id}`, {
        token: trekker.token,
        body: { tribeHandle: 'Not Valid!' },
      })
      statuses.push(noReason.status, missing.status, forbidden.status, invalid.status)
    })

    expect(statuses).toEqual([400, 404, 403, 400])
    expect(log.map((entry) => [entry.level, entry.msg])).toEqual([
      [INFO, 'Give the reason for cancelling this booking'],
      [INFO, 'Not Found'],
      [INFO, 'You are not allowed to perform this action.'],
      [INFO, 'The following field is invalid: Tribe Handle'],
    ])
    expect(log[0].status).toBe(400)
    expect(log.some((entry) => entry.err)).toBe(false)
  })

  it('logs a 5xx the service gives on purpose (not configured here) as one warn line', async () => {
    const { booking } = await createPendingBooking(payload, { user: trekker })
    env.razorpay.configured = false

    let status = 0
    const log = await logOf(async () => {
      status = (await api('POST', `/bookings/${booking.id}/checkout`, { token: trekker.token }))
        .status
    })

    expect(status).toBe(503)
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({
      level: WARN,
      status: 503,
      msg: 'Online payments are not configured on this server',
    })
    expect(STACK_FRAME.test(JSON.stringify(log[0]))).toBe(false)
  })

  it('logs an unexpected 5xx APIError at error level with its stack', async () => {
    const log = await logOf(async () => {
      await logApiErrorsByStatus({
        error: new APIError('Ledger out of step', 500),
        req: { payload, method: 'POST', url: 'http://localhost/api/payments/1/refund' },
      } as unknown as Parameters<typeof logApiErrorsByStatus>[0])
    })

    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ level: ERROR, status: 500, path: '/api/payments/1/refund' })
    expect(log[0].err?.stack).toMatch(STACK_FRAME)
  })

  it('logs GraphQL refusals (forbidden, not found) as one info line each', async () => {
    const log = await logOf(async () => {
      await graphql('mutation { createRegion(data: { name: "Nope" }) { id } }', {}, trekker.token)
      await graphql('{ Trek(id: 999999) { id } }')
    })

    expect(log.map((entry) => [entry.level, entry.status])).toEqual([
      [INFO, 403],
      [INFO, 404],
    ])
    expect(log.every((entry) => !STACK_FRAME.test(JSON.stringify(entry)))).toBe(true)
  })
})

describe('the path in a refusal log line', () => {
  it('keeps collection names and masks token-like segments', async () => {
    const { loggablePath } = await import('@/logging/errorLevels')
    expect(loggablePath('http://x/api/users/verify/8b21ba9c33e4e0d4fa22829f4a5d5901cae75486')).toBe(
      '/api/users/verify/…',
    )
    expect(loggablePath('http://x/api/payload-locked-documents/12?where[a]=b')).toBe(
      '/api/payload-locked-documents/12',
    )
    expect(loggablePath('/api/treks/slug/annapurna-base-camp')).toBe(
      '/api/treks/slug/annapurna-base-camp',
    )
  })
})

import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, type TestUser } from '../helpers/fixtures'
import { captureLogOutput } from '../helpers/logOutput'
import { testPayload } from '../helpers/payload'
import { createPendingBooking } from '../payments/world'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let trekker: TestUser
let other: TestUser
let capture: ReturnType<typeof captureLogOutput> | undefined

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '')

/** The log written while `work` runs, without colours. */
async function logOf(work: () => Promise<unknown>): Promise<string> {
  capture = captureLogOutput()
  try {
    await work()
    return plain(capture.text())
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
    expect(log).toContain('INFO')
    expect(log).toContain('Give the reason for cancelling this booking')
    expect(log).toContain('Tribe handle must be 3–30 lowercase letters')
    expect(log).not.toContain('ERROR')
    expect(log).not.toMatch(STACK_FRAME)
  })

  it('logs a 5xx APIError at error level with its stack', async () => {
    const { booking } = await createPendingBooking(payload, { user: trekker })
    env.razorpay.configured = false

    let status = 0
    const log = await logOf(async () => {
      status = (await api('POST', `/bookings/${booking.id}/checkout`, { token: trekker.token }))
        .status
    })

    expect(status).toBe(503)
    expect(log).toContain('ERROR')
    expect(log).toContain('Online payments are not configured on this server')
    expect(log).toMatch(STACK_FRAME)
  })
})

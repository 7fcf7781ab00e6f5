import { afterEach, beforeAll, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { captureLogOutput } from '../helpers/logOutput'
import { testPayload } from '../helpers/payload'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let capture: ReturnType<typeof captureLogOutput> | undefined

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

afterEach(() => {
  capture?.stop()
  capture = undefined
})

/**
 * Every id is a PostgreSQL `serial`: an id past 2^31 - 1 on a custom route was 404 only after the
 * database refused the query, logged at ERROR with its stack (review round 38).
 */
it('answers ids past what a row id can be 404 on the custom routes, logging nothing at error', async () => {
  expect(payload).toBeDefined()
  capture = captureLogOutput()
  const huge = '2147483648'
  const answers = []
  for (const [path, token, body] of [
    [`/users/${huge}/erase`, roles.cs.token, { reason: 'Asked by phone' }],
    [`/users/${huge}/sign-out`, roles.super_admin.token, {}],
    [`/incidents/${huge}/acknowledge`, roles.ops_manager.token, { note: 'On it' }],
    [`/bookings/${huge}/cancel`, roles.cs.token, { reason: 'Asked' }],
    [`/payments/${huge}/refund`, roles.finance.token, { amount: 100, reason: 'Goodwill' }],
  ] as const) {
    const res = await api('POST', path, { token, body })
    answers.push([path, res.status])
  }
  expect(answers).toEqual([
    [`/users/${huge}/erase`, 404],
    [`/users/${huge}/sign-out`, 404],
    [`/incidents/${huge}/acknowledge`, 404],
    [`/bookings/${huge}/cancel`, 404],
    [`/payments/${huge}/refund`, 404],
  ])
  const errors = capture
    .text()
    .split('\n')
    .filter((line) => line.startsWith('{') && (JSON.parse(line) as { level: number }).level >= 50)
  expect(errors).toEqual([])
})

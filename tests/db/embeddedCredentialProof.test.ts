import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import {
  STALL_MS,
  useEmbeddedDb,
  withinTime,
  type EmbeddedPayload,
} from '../helpers/embeddedPayload'
import type * as FakeSms from '../users/helpers/fakeSms'

/**
 * On the embedded database (one transaction at a time) a password change proved with
 * `currentCode` spent the code outside the update's transaction and waited for it forever,
 * and the whole service with it (found by a newcomer on `npm run dev`). The code store joins
 * the operation's transaction there.
 */
let payload: EmbeddedPayload['payload']
let api: EmbeddedPayload['api']
let createUser: EmbeddedPayload['createUser']
let fakeSms: typeof FakeSms
let sms: Awaited<ReturnType<typeof FakeSms.startFakeSms>>
let testPassword: string

useEmbeddedDb('obs-embedded-proof-', (embedded) => ({ payload, api, createUser } = embedded))

// Only once the embedded database is up: these load the configuration, which reads it.
beforeAll(async () => {
  fakeSms = await import('../users/helpers/fakeSms')
  testPassword = (await import('../helpers/fixtures')).TEST_PASSWORD
  sms = await fakeSms.startFakeSms()
})

afterAll(async () => {
  await sms?.close()
})

describe('a credential change proved by a code, on the embedded database', () => {
  it(
    'answers a wrong code with 401 and a right one with 200, and health keeps answering',
    async () => {
      const national = fakeSms.uniqueMobile()
      const user = await withinTime(
        createUser(payload, null, { phone: `+91${national}`, phoneVerified: true }),
        'Creating the trekker',
      )
      const asked = await withinTime(
        api('POST', '/users/otp/request', {
          body: { phone: national },
          headers: { 'X-Forwarded-For': fakeSms.uniqueIp() },
        }),
        'POST /api/users/otp/request',
      )
      expect(asked.status).toBe(202)
      const code = sms.lastCodeFor(`+91${national}`)
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')

      const refused = await withinTime(
        api('PATCH', `/users/${user.id}`, {
          token: user.token,
          body: { password: 'Proved-by-code-1', currentCode: wrong },
        }),
        'PATCH /api/users/:id with a wrong currentCode',
      )
      expect(refused.status).toBe(401)

      const [changed, health] = await Promise.all([
        withinTime(
          api('PATCH', `/users/${user.id}`, {
            token: user.token,
            body: { password: 'Proved-by-code-1', currentCode: code },
          }),
          'PATCH /api/users/:id with the right currentCode',
        ),
        withinTime(api('GET', '/health'), 'GET /api/health during the change'),
      ])
      expect(changed.status).toBe(200)
      expect(health.status).toBe(200)
      const signIn = await withinTime(
        api('POST', '/users/login', {
          body: { email: user.email, password: 'Proved-by-code-1' },
        }),
        'POST /api/users/login with the new password',
      )
      expect(signIn.status).toBe(200)
      const old = await api('POST', '/users/login', {
        body: { email: user.email, password: testPassword },
      })
      expect(old.status).toBe(401)
    },
    6 * STALL_MS,
  )
})

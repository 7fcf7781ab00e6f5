import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { maskPhoneNumber } from '@/logging'

import { startProviderFakes, type ProviderFakes } from '../fakes/providers'
import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { captureLogOutput } from '../helpers/logOutput'
import { createTrip } from '../emergency/trip'
import {
  capturedEvent,
  checkout,
  createPendingBooking,
  deliver,
  startPaymentsWorld,
} from '../payments/world'
import { signWebhook } from '../fakes/razorpay'
import { env } from '@/config/env'
import { startFakeSms, uniqueIp, uniqueMobile } from '../users/helpers/fakeSms'

let payload: Payload
let world: Awaited<ReturnType<typeof startPaymentsWorld>>
let fakes: ProviderFakes

beforeAll(async () => {
  world = await startPaymentsWorld()
  payload = world.payload
  fakes = await startProviderFakes()
})

afterAll(async () => {
  await fakes.stop()
  await world.fake.stop()
})

describe('the logger itself', () => {
  it('censors secrets by key at any depth, masks phones and JWTs in text, keeps error codes', () => {
    const logs = captureLogOutput()
    try {
      const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWhlcmU'
      payload.logger.info({
        msg: `careless line for +919812345678 and 9812345679 with Bearer ${jwt}`,
        body: {
          phone: '+919812345678',
          password: 'Hunter2-secret',
          currentPassword: 'Old-secret-77',
          nested: { code: '482913', currentCode: '517364' },
        },
        headers: { authorization: 'JWT abcdefghijklmnop', 'x-razorpay-signature': 'f00dfeedbeef' },
        medicalNotes: 'asthma, carries inhaler',
        err: Object.assign(new Error('lookup failed for +919812345678'), { code: 'ECONNREFUSED' }),
      })
      payload.logger.warn('string message with +447700900123 in it')

      const out = logs.text()
      for (const secret of [
        '+919812345678',
        '9812345679',
        jwt,
        'Hunter2-secret',
        'Old-secret-77',
        '482913',
        '517364',
        'abcdefghijklmnop',
        'f00dfeedbeef',
        'asthma',
        '+447700900123',
      ]) {
        expect(out).not.toContain(secret)
      }
      expect(out).toContain(maskPhoneNumber('+919812345678'))
      expect(out).toContain('ECONNREFUSED')
      expect(out).toContain('careless line')
    } finally {
      logs.stop()
    }
  })
})

describe('a failed query', () => {
  it('keeps the statement and drops its parameters, in the message and on the error', () => {
    const logs = captureLogOutput()
    try {
      const params = ['asha.rawat@example.test', 'Asha', 'carries an inhaler']
      const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
        severity: 'ERROR',
        code: '23505',
        detail: `Key (email)=(${params[0]}) already exists.`,
      })
      const failed = Object.assign(
        new Error(`Failed query: update "users" set "email" = $1, "first_name" = $2, "bio" = $3
params: ${params.join(',')}`),
        { query: 'update "users" set "email" = $1', params, cause },
      )
      payload.logger.error({ msg: 'canceling statement due to statement timeout', err: failed })

      const out = logs.text()
      for (const value of params) {
        expect(out).not.toContain(value)
      }
      expect(out).toContain('Failed query: update')
      expect(out).toContain('params: [redacted]')
      // The stack after the parameters is kept: where it failed is not a secret.
      expect(out).toMatch(/params: \[redacted\]\\n\s+at /)
    } finally {
      logs.stop()
    }
  })
})

describe('real flows', () => {
  it('OTP, login, refresh, checkout, webhook and SOS write no code, token, signature, full phone or health detail', async () => {
    const sms = await startFakeSms()
    const logs = captureLogOutput()
    try {
      const national = uniqueMobile()
      const phone = `+91${national}`
      await api('POST', '/users/otp/request', {
        body: { phone: national },
        headers: { 'X-Forwarded-For': uniqueIp() },
      })
      await runJobs(payload)
      const code = sms.lastCodeFor(phone)
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
      await api('POST', '/users/otp/verify', { body: { phone: national, code: wrong } })
      const otpSession = (
        await api('POST', '/users/otp/verify', { body: { phone: national, code } })
      ).body
      expect(otpSession.token).toEqual(expect.any(String))
      const rotated = (
        await api('POST', '/users/token/refresh', {
          body: { refreshToken: otpSession.refreshToken },
        })
      ).body
      // A reused refresh token revokes its family: a warning is logged, without the token.
      await api('POST', '/users/token/refresh', { body: { refreshToken: otpSession.refreshToken } })

      const user = await createUser(payload, null)
      const login = (
        await api('POST', '/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
      ).body
      await api('POST', '/users/login', { body: { email: user.email, password: 'Wrong-pass-99' } })

      const { booking, user: payer } = await createPendingBooking(payload)
      const order = await checkout(payer, booking.id)
      expect(order.status).toBe(201)
      const payment = world.fake.capture(order.body.orderId)
      const event = capturedEvent(payment)
      const signature = signWebhook(event.body, env.razorpay.webhookSecrets[0])
      expect((await deliver(event)).status).toBe(200)
      await deliver(event, { signature: 'ab'.repeat(32), eventId: 'evt_bad_sig' })

      const trip = await createTrip(payload)
      const sosMessage = 'Fell near camp, ankle fracture, diabetic'
      const sos = await api('POST', '/incidents', {
        token: trip.trekker.token,
        body: { clientId: `sos-${Date.now()}`, batch: trip.batch.id, message: sosMessage },
      })
      expect(sos.status).toBe(201)
      await runJobs(payload)

      const out = logs.text()
      expect(out).toContain('OTP issued')
      expect(out).toContain('SOS received')
      const secrets = [
        code,
        otpSession.token,
        otpSession.refreshToken,
        rotated.token,
        rotated.refreshToken,
        login.token,
        login.refreshToken,
        user.token,
        TEST_PASSWORD,
        signature,
        sosMessage,
        phone,
        national,
        trip.guidePhone,
        trip.satellitePhone,
        ...trip.contactPhones,
      ]
      expect(secrets.every((secret) => typeof secret === 'string' && secret.length >= 6)).toBe(true)
      for (const secret of secrets) {
        expect(out).not.toContain(secret)
      }
    } finally {
      logs.stop()
      await sms.close()
    }
  })
})

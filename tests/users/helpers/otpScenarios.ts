import { randomBytes } from 'node:crypto'

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { Redis } from 'ioredis'
import type { Payload } from 'payload'

import { STAFF_ROLES } from '@/access/roles'
import { env } from '@/config/env'
import { authClock, MINUTE } from '@/users/auth/clock'
import { closeRedisStores } from '@/users/auth/state'

import { api } from '../../helpers/api'
import { createUser, TEST_PASSWORD, unique } from '../../helpers/fixtures'
import { testPayload } from '../../helpers/payload'
import { startFakeSms, uniqueIp, uniqueMobile } from './fakeSms'
import { expectSession } from './session'

export const REDIS_URL = 'redis://127.0.0.1:6379'

/**
 * The phone sign-in scenarios, run once per state store: the same rules must hold whether
 * limits and codes live in PostgreSQL or in Redis.
 */
export function otpScenarios(store: 'postgres' | 'redis') {
  let payload: Payload
  let sms: Awaited<ReturnType<typeof startFakeSms>>
  const realNow = authClock.now
  let offsetMs = 0

  /** Moves the sign-in clock forward; real time keeps running underneath. */
  function advance(ms: number) {
    offsetMs += ms
    authClock.now = () => new Date(Date.now() + offsetMs)
  }

  const e164 = (national: string) => `+91${national}`

  function requestCode(phone: string, ip = uniqueIp()) {
    return api('POST', '/users/otp/request', {
      body: { phone },
      headers: { 'X-Forwarded-For': ip },
    })
  }

  function verifyCode(phone: string, code: string) {
    return api('POST', '/users/otp/verify', { body: { phone, code } })
  }

  const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

  /** What the store holds for a phone's live code, whichever store it is. */
  async function storedCode(
    phone: string,
  ): Promise<{ text: string; hash: string; attempts: number }> {
    if (store === 'redis') {
      const redis = new Redis(REDIS_URL)
      const row = await redis.hgetall(`obs:auth:otp:${phone}`)
      await redis.quit()
      return { text: JSON.stringify(row), hash: row.hash, attempts: Number(row.attempts) }
    }
    const rows = await payload.db.find({
      collection: 'otp-challenges',
      where: { phone: { equals: phone } },
    })
    const row = rows.docs[0] as any
    return { text: JSON.stringify(rows.docs), hash: row.codeHash, attempts: row.attempts }
  }

  beforeAll(async () => {
    payload = await testPayload()
    sms = await startFakeSms()
    env.sms.templateIds = { otp_code: '1107000000000000001' }
    env.redisUrl = store === 'redis' ? REDIS_URL : undefined
  })

  afterAll(async () => {
    env.redisUrl = undefined
    await closeRedisStores()
    await sms.close()
  })

  afterEach(() => {
    authClock.now = realNow
    offsetMs = 0
  })

  describe('POST /api/users/otp/request', () => {
    it('sends a 6-digit code through the HTTP provider as a DLT template', async () => {
      const phone = uniqueMobile()
      const res = await requestCode(phone)

      expect(res.status).toBe(202)
      const message = sms.received.find((item) => item.to === e164(phone))!
      expect(message).toMatchObject({
        sender: 'OBSTRK',
        templateId: '1107000000000000001',
        apiKey: 'test-sms-key',
      })
      expect(message.params.code).toMatch(/^\d{6}$/)
    })

    it('answers the same for a known and an unknown phone', async () => {
      const known = uniqueMobile()
      await createUser(payload, null, { phone: e164(known) })
      const unknown = uniqueMobile()

      const a = await requestCode(known)
      const b = await requestCode(unknown)
      expect(a.status).toBe(202)
      expect(b.status).toBe(202)
      expect(a.body).toEqual(b.body)
      expect(JSON.stringify(a.body)).not.toMatch(/\d{6}/)
      expect(sms.countFor(e164(known))).toBe(1)
      expect(sms.countFor(e164(unknown))).toBe(1)
    })

    it('treats every Indian spelling of a number as one phone', async () => {
      const national = uniqueMobile()
      const spaced = `${national.slice(0, 5)} ${national.slice(5)}`
      expect((await requestCode(`+91 ${spaced}`)).status).toBe(202)

      // The cooldown is per phone: any other spelling is the same phone.
      for (const spelling of [
        `0${national}`,
        national,
        spaced,
        `+91-${national}`,
        `0091${national}`,
      ]) {
        const res = await requestCode(spelling)
        expect(res.status).toBe(429)
      }
      const res = await verifyCode(`0${spaced}`, sms.lastCodeFor(e164(national)))
      expect(res.status).toBe(200)
      expect(res.body.user.phone).toBe(e164(national))
    })

    it.each([
      ['missing', undefined, /Enter a mobile number/],
      ['not a number', 'call me maybe', /not a valid phone number/],
      ['too short', '98123', /not a valid phone number/],
      ['an Indian landline', '022 2345 6789', /only be sent to a mobile/],
      ['a US number', '+1 415 555 2671', /numbers in that country/],
      ['a Nepali mobile', '+977 981 234 5678', /numbers in that country/],
    ])('refuses %s with 400', async (_label, phone, message) => {
      const res = await api('POST', '/users/otp/request', { body: { phone } })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(message)
    })

    it('accepts other countries once they are allowed', async () => {
      const before = env.otp.allowedCountries
      env.otp.allowedCountries = ['IN', 'NP']
      try {
        // A fresh number each run: Redis keeps the hourly per-phone count between runs.
        const nepal = `+977 981 ${uniqueMobile().slice(-7)}`
        expect((await requestCode(nepal)).status).toBe(202)
      } finally {
        env.otp.allowedCountries = before
      }
    })

    it('makes a second request wait for the cooldown, with Retry-After', async () => {
      const phone = uniqueMobile()
      expect((await requestCode(phone)).status).toBe(202)

      const again = await requestCode(phone)
      expect(again.status).toBe(429)
      const retryAfter = Number(again.headers.get('Retry-After'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(again.body.errors[0].message).toMatch(/Too many codes/)
      expect(sms.countFor(e164(phone))).toBe(1)

      advance(61_000)
      expect((await requestCode(phone)).status).toBe(202)
    })

    it('caps codes per phone per hour', async () => {
      const phone = uniqueMobile()
      for (let i = 0; i < env.otp.maxPerPhonePerHour; i++) {
        expect((await requestCode(phone)).status).toBe(202)
        advance(61_000)
      }
      const capped = await requestCode(phone)
      expect(capped.status).toBe(429)
      expect(Number(capped.headers.get('Retry-After'))).toBeGreaterThan(60)

      advance(60 * MINUTE)
      expect((await requestCode(phone)).status).toBe(202)
    })

    it('caps requests per client address per hour', async () => {
      const before = env.otp.maxPerIpPerHour
      env.otp.maxPerIpPerHour = 3
      try {
        const ip = uniqueIp()
        for (let i = 0; i < 3; i++) {
          expect((await requestCode(uniqueMobile(), ip)).status).toBe(202)
        }
        const capped = await requestCode(uniqueMobile(), ip)
        expect(capped.status).toBe(429)
        expect(Number(capped.headers.get('Retry-After'))).toBeGreaterThan(0)
        // A client cannot dodge the cap by writing its own X-Forwarded-For in front.
        expect((await requestCode(uniqueMobile(), `203.0.113.9, ${ip}`)).status).toBe(429)
        expect((await requestCode(uniqueMobile(), uniqueIp())).status).toBe(202)
      } finally {
        env.otp.maxPerIpPerHour = before
      }
    })

    it('counts requests from one IPv6 /64 together, whatever the host part', async () => {
      // A /64 of its own per run: Redis keeps the hourly counts between runs.
      const [a, b] = [randomBytes(2).toString('hex'), randomBytes(2).toString('hex')]
      const prefix = `2001:db8:${a}:${b}`
      const statuses: number[] = []
      for (let i = 0; i < 25; i++) {
        const host = [i + 1, 0x77, 0x1234, 0xbeef].map((n) => n.toString(16)).join(':')
        statuses.push((await requestCode(uniqueMobile(), `${prefix}:${host}`)).status)
      }
      expect(env.otp.maxPerIpPerHour).toBe(20)
      expect(statuses).toEqual([...Array<number>(20).fill(202), 429, 429, 429, 429, 429])
      // Other spellings of addresses in the same /64 are the same client...
      const spelledOut = `2001:0db8:${a.padStart(4, '0')}:${b.padStart(4, '0')}::1`
      const capped = await requestCode(uniqueMobile(), `[${spelledOut}]:443`)
      expect(capped.status).toBe(429)
      expect(capped.body.errors[0].message).toBe(
        'Too many codes requested. Wait a little and try again.',
      )
      expect(Number(capped.headers.get('Retry-After'))).toBeGreaterThan(0)
      // ...and the next /64 is not.
      const next = `2001:db8:${a}:${((parseInt(b, 16) + 1) % 0x10000).toString(16)}::1`
      expect((await requestCode(uniqueMobile(), next)).status).toBe(202)
    })

    it('counts an IPv4-mapped IPv6 address as its IPv4 address', async () => {
      const before = env.otp.maxPerIpPerHour
      env.otp.maxPerIpPerHour = 2
      try {
        const octets = [...randomBytes(2)].map(String)
        const ipv4 = `198.18.${octets.join('.')}`
        expect((await requestCode(uniqueMobile(), ipv4)).status).toBe(202)
        expect((await requestCode(uniqueMobile(), `::ffff:${ipv4}`)).status).toBe(202)
        expect((await requestCode(uniqueMobile(), `::FFFF:${ipv4}`)).status).toBe(429)
      } finally {
        env.otp.maxPerIpPerHour = before
      }
    })

    it('keeps the code only as a keyed hash', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      const code = sms.lastCodeFor(e164(phone))
      const stored = await storedCode(e164(phone))
      expect(stored.text).not.toContain(code)
      expect(stored.hash).toMatch(/^[0-9a-f]{64}$/)
      const jobs = await payload.db.find({ collection: 'payload-jobs', limit: 100 })
      expect(JSON.stringify(jobs.docs)).not.toContain(code)
    })
  })

  describe('POST /api/users/otp/verify', () => {
    it('creates a trekker with no e-mail for a new phone, then signs the same account in', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      const first = await verifyCode(phone, sms.lastCodeFor(e164(phone)))

      expect(first.status).toBe(200)
      const session = expectSession(first.body)
      expect(session.isNewUser).toBe(true)
      expect(session.user.phone).toBe(e164(phone))
      expect(session.user.email ?? null).toBeNull()
      expect(session.user.staffRole ?? null).toBeNull()
      expect(session.user.phoneVerified).toBe(true)
      const me = await api('GET', '/users/me', {
        headers: { Authorization: `Bearer ${session.token}` },
      })
      expect(me.body.user.id).toBe(session.user.id)

      advance(61_000)
      await requestCode(phone)
      const second = await verifyCode(phone, sms.lastCodeFor(e164(phone)))
      expect(second.status).toBe(200)
      expect(second.body.isNewUser).toBe(false)
      expect(second.body.user.id).toBe(session.user.id)
      expect(
        (
          await api('POST', '/users/token/refresh', {
            body: { refreshToken: session.refreshToken },
          })
        ).status,
      ).toBe(200)
    })

    it('signs in the existing account that proved the phone', async () => {
      const phone = uniqueMobile()
      const user = await createUser(payload, null, { phone: e164(phone) })
      await requestCode(phone)
      const res = await verifyCode(phone, sms.lastCodeFor(e164(phone)))
      expect(res.status).toBe(200)
      expect(res.body.isNewUser).toBe(false)
      expect(res.body.user.id).toBe(user.id)
      expect(res.body.user.email).toBe(user.email)
    })

    it.each(STAFF_ROLES)(
      'refuses a %s account an SMS-code sign-in: 403, the code spent, nothing opened or made',
      async (role) => {
        const phone = uniqueMobile()
        const staff = await createUser(payload, role, { phone: e164(phone) })
        const signInsBefore = async () => ({
          refreshTokens: (
            await payload.db.find({
              collection: 'refresh-tokens',
              where: { user: { equals: staff.id } },
              limit: 0,
              pagination: false,
            })
          ).docs.length,
          sessions: (
            (
              (await payload.db.findOne({
                collection: 'users',
                where: { id: { equals: staff.id } },
              })) as { sessions?: unknown[] } | null
            )?.sessions ?? []
          ).length,
        })
        const before = await signInsBefore()
        await requestCode(phone)
        const code = sms.lastCodeFor(e164(phone))

        const refused = await verifyCode(phone, code)
        expect(refused.status).toBe(403)
        expect(refused.body).toEqual({
          errors: [{ message: 'Staff accounts sign in with their e-mail and password.' }],
        })
        expect(refused.headers.get('set-cookie')).toBeNull()
        // The code is spent: the same code again is a wrong code.
        const again = await verifyCode(phone, code)
        expect(again.status).toBe(401)
        expect(again.body.errors[0].message).toBe(
          'The code is wrong or has expired. Check it and try again, or request a new code.',
        )
        expect(await signInsBefore()).toEqual(before)
        const holders = await payload.db.find({
          collection: 'users',
          where: { phone: { equals: e164(phone) } },
          limit: 0,
          pagination: false,
        })
        expect(holders.docs.map((doc) => doc.id)).toEqual([staff.id])
        // The password still signs in.
        const byPassword = await api('POST', '/users/login', {
          body: { email: staff.email, password: TEST_PASSWORD },
        })
        expect(byPassword.status).toBe(200)
      },
    )

    it('still takes a staff member’s code as currentCode beside their password sign-in', async () => {
      const phone = uniqueMobile()
      const staff = await createUser(payload, 'finance', { phone: e164(phone) })
      const next = uniqueMobile()
      await requestCode(next)
      const newCode = sms.lastCodeFor(e164(next))
      await requestCode(phone)
      const moved = await api('POST', '/users/phone/change', {
        token: staff.token,
        body: { phone: next, code: newCode, currentCode: sms.lastCodeFor(e164(phone)) },
      })
      expect(moved.status).toBe(200)
      const row = await payload.db.findOne({
        collection: 'users',
        where: { id: { equals: staff.id } },
      })
      expect((row as { phone?: string } | null)?.phone).toBe(e164(next))
    })

    it('kills a code after 5 wrong tries, even before the right one', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      const code = sms.lastCodeFor(e164(phone))
      for (let i = 0; i < 5; i++) {
        const res = await verifyCode(phone, wrongCodeFor(code))
        expect(res.status).toBe(401)
        expect(res.body.errors[0].message).toBe(
          'The code is wrong or has expired. Check it and try again, or request a new code.',
        )
      }
      expect((await verifyCode(phone, code)).status).toBe(401)
    })

    it('counts tries exactly under a burst of parallel guesses', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      const code = sms.lastCodeFor(e164(phone))
      const guesses = await Promise.all(
        Array.from({ length: 8 }, () => verifyCode(phone, wrongCodeFor(code))),
      )
      expect(guesses.every((res) => res.status === 401)).toBe(true)
      expect((await storedCode(e164(phone))).attempts).toBe(5)
      expect((await verifyCode(phone, code)).status).toBe(401)
    })

    it('accepts a code once', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      const code = sms.lastCodeFor(e164(phone))
      expect((await verifyCode(phone, code)).status).toBe(200)
      expect((await verifyCode(phone, code)).status).toBe(401)
    })

    it('refuses a code after 5 minutes', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      const code = sms.lastCodeFor(e164(phone))
      advance(5 * MINUTE + 1000)
      expect((await verifyCode(phone, code)).status).toBe(401)
    })

    it('accepts a code just before it expires', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      advance(4 * MINUTE + 50_000)
      expect((await verifyCode(phone, sms.lastCodeFor(e164(phone)))).status).toBe(200)
    })

    it('retires the previous code when a new one is sent', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      const old = sms.lastCodeFor(e164(phone))
      advance(61_000)
      await requestCode(phone)
      const fresh = sms.lastCodeFor(e164(phone))
      if (old !== fresh) {
        expect((await verifyCode(phone, old)).status).toBe(401)
      }
      expect((await verifyCode(phone, fresh)).status).toBe(200)
    })

    it('refuses malformed codes with 400 without spending a try', async () => {
      const phone = uniqueMobile()
      await requestCode(phone)
      for (const code of ['12345', '1234567', 'abcdef', undefined]) {
        const res = await api('POST', '/users/otp/verify', { body: { phone, code } })
        expect(res.status).toBe(400)
      }
      expect((await verifyCode(phone, sms.lastCodeFor(e164(phone)))).status).toBe(200)
    })

    it('gives a phone claimed at sign-up but never proved to whoever proves it', async () => {
      const phone = uniqueMobile()
      const email = `${unique('claimer')}@obs.test`
      const signup = await api('POST', '/users', {
        body: {
          email,
          password: TEST_PASSWORD,
          firstName: 'Claims',
          lastName: 'Phone',
          phone: e164(phone),
        },
      })
      expect(signup.status).toBe(201)

      await requestCode(phone)
      const res = await verifyCode(phone, sms.lastCodeFor(e164(phone)))
      expect(res.status).toBe(200)
      expect(res.body.isNewUser).toBe(true)
      expect(res.body.user.id).not.toBe(signup.body.doc.id)
      const claimer = await payload.db.findOne({
        collection: 'users',
        where: { email: { equals: email } },
      })
      expect((claimer as any).phone ?? null).toBeNull()
    })
  })

  describe('failed verifications per client per hour', () => {
    it('refuses a client past its budget over many phones, sparing the phones and others', async () => {
      const saved = env.otp.maxFailedVerifiesPerClientPerHour
      env.otp.maxFailedVerifiesPerClientPerHour = 6
      try {
        const attacker = uniqueIp()
        const verifyFrom = (ip: string, phone: string, code: string) =>
          api('POST', '/users/otp/verify', {
            body: { phone, code },
            headers: { 'X-Forwarded-For': ip },
          })
        const phones = [uniqueMobile(), uniqueMobile(), uniqueMobile()]
        const statuses: number[] = []
        for (const phone of phones) {
          for (let guess = 0; guess < 3; guess++) {
            statuses.push((await verifyFrom(attacker, phone, String(100000 + guess))).status)
          }
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429, 429])
        const refused = await verifyFrom(attacker, phones[2], '123456')
        expect(refused.body.errors[0].message).toBe(
          'Too many wrong codes from this network. Wait a while and try again.',
        )
        expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(3000)

        // The third phone's holder, on their own network, still signs in: the client's refused
        // guesses spent nothing of that phone's budget.
        const holder = uniqueIp()
        expect((await requestCode(phones[2], holder)).status).toBe(202)
        const code = sms.lastCodeFor(e164(phones[2]))
        const signedIn = await verifyFrom(holder, phones[2], code)
        expect(signedIn.status).toBe(200)
      } finally {
        env.otp.maxFailedVerifiesPerClientPerHour = saved
      }
    })

    it('gives back the slot of a right code', async () => {
      const saved = env.otp.maxFailedVerifiesPerClientPerHour
      env.otp.maxFailedVerifiesPerClientPerHour = 2
      try {
        const client = uniqueIp()
        for (let i = 0; i < 3; i++) {
          const phone = uniqueMobile()
          expect((await requestCode(phone, client)).status).toBe(202)
          const res = await api('POST', '/users/otp/verify', {
            body: { phone, code: sms.lastCodeFor(e164(phone)) },
            headers: { 'X-Forwarded-For': client },
          })
          expect(res.status).toBe(200)
        }
      } finally {
        env.otp.maxFailedVerifiesPerClientPerHour = saved
      }
    })
  })

  describe('failed verifications per phone per hour', () => {
    /** Sends a fresh code (past the resend cooldown) and returns it. */
    async function freshCode(phone: string) {
      advance(61_000)
      expect((await requestCode(phone)).status).toBe(202)
      return sms.lastCodeFor(e164(phone))
    }

    it('is configured at 10 by default', () => {
      expect(env.otp.maxFailedVerifiesPerHour).toBe(10)
    })

    it('stops guessing across resends, then refuses even the right code until the hour passes', async () => {
      const phone = uniqueMobile()
      for (let round = 0; round < 2; round++) {
        const code = await freshCode(phone)
        for (let i = 0; i < 5; i++) {
          const res = await verifyCode(phone, wrongCodeFor(code))
          expect(res.status).toBe(401)
        }
      }

      const code = await freshCode(phone)
      const refused = await verifyCode(phone, code)
      expect(refused.status).toBe(429)
      expect(refused.body.errors[0].message).toBe(
        'Too many wrong codes for this number. Wait a while and try again.',
      )
      // The window opened with the first wrong guess, about 2 minutes of clock ago.
      const retryAfter = Number(refused.headers.get('Retry-After'))
      expect(retryAfter).toBeGreaterThan(3600 - 180)
      expect(retryAfter).toBeLessThanOrEqual(3600 - 60)
      expect((await api('POST', '/users/phone/change', { body: { phone, code } })).status).toBe(401)

      advance(60 * MINUTE)
      const later = await freshCode(phone)
      const res = await verifyCode(phone, later)
      expect(res.status).toBe(200)
      expect(res.body.user.phone).toBe(e164(phone))
    })

    it('gives back the slot of a right code: only wrong guesses are counted', async () => {
      const phone = uniqueMobile()
      const first = await freshCode(phone)
      for (let i = 0; i < 5; i++) {
        expect((await verifyCode(phone, wrongCodeFor(first))).status).toBe(401)
      }
      const second = await freshCode(phone)
      for (let i = 0; i < 4; i++) {
        expect((await verifyCode(phone, wrongCodeFor(second))).status).toBe(401)
      }
      expect((await verifyCode(phone, second)).status).toBe(200)

      const third = await freshCode(phone)
      expect((await verifyCode(phone, wrongCodeFor(third))).status).toBe(401)
      expect((await verifyCode(phone, wrongCodeFor(third))).status).toBe(429)
      expect((await verifyCode(phone, third)).status).toBe(429)
    })

    it('counts exactly under a burst of parallel guesses', async () => {
      const phone = uniqueMobile()
      const code = await freshCode(phone)
      const guesses = await Promise.all(
        Array.from({ length: 14 }, () => verifyCode(phone, wrongCodeFor(code))),
      )
      const statuses = guesses.map((res) => res.status).sort()
      expect(statuses).toEqual([...Array(10).fill(401), ...Array(4).fill(429)])
      for (const res of guesses.filter((guess) => guess.status === 429)) {
        expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(3500)
      }
    })

    it('follows OTP_MAX_FAILED_VERIFIES_PER_HOUR', async () => {
      const before = env.otp.maxFailedVerifiesPerHour
      env.otp.maxFailedVerifiesPerHour = 2
      try {
        const phone = uniqueMobile()
        const code = await freshCode(phone)
        expect((await verifyCode(phone, wrongCodeFor(code))).status).toBe(401)
        expect((await verifyCode(phone, wrongCodeFor(code))).status).toBe(401)
        expect((await verifyCode(phone, code)).status).toBe(429)
      } finally {
        env.otp.maxFailedVerifiesPerHour = before
      }
    })
  })

  describe('SMS delivery through the jobs queue', () => {
    it('retries a failed send, and the code still works', async () => {
      const phone = uniqueMobile()
      sms.failNext(1)
      expect((await requestCode(phone)).status).toBe(202)
      expect(sms.countFor(e164(phone))).toBe(0)

      const jobs = await payload.find({
        collection: 'payload-jobs',
        where: { taskSlug: { equals: 'sendOtpSms' }, completedAt: { exists: false } },
        sort: '-createdAt',
        limit: 1,
      })
      const job = jobs.docs[0] as any
      expect(job.totalTried).toBe(1)
      expect(job.hasError).toBe(false)

      await payload.jobs.runByID({ id: job.id })
      expect(sms.countFor(e164(phone))).toBe(1)
      expect((await verifyCode(phone, sms.lastCodeFor(e164(phone)))).status).toBe(200)
    })
  })
}

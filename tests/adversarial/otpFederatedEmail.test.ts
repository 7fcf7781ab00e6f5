/**
 * Attacks on phone OTP, Google/Apple sign-in, e-mail change, logs and cookie sessions.
 * Each test asserts the SAFE behaviour: a failing test is a hole.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { decodeJwt, SignJWT } from 'jose'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { captureLogs } from '../users/helpers/captureLogs'
import { confirmationTokenFor, useSmtpFake } from '../users/helpers/emailChange'
import { startFakeApple, startFakeGoogle } from '../users/helpers/fakeIdentityProviders'
import { startFakeSms, uniqueIp, uniqueMobile } from '../users/helpers/fakeSms'
import { whoAmI } from '../users/helpers/session'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let sms: Awaited<ReturnType<typeof startFakeSms>>
let google: Awaited<ReturnType<typeof startFakeGoogle>>
let apple: Awaited<ReturnType<typeof startFakeApple>>
const smtp = useSmtpFake()

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any
const e164 = (national: string) => `+91${national}`
const requestCode = (phone: string, headers: Record<string, string> = {}) =>
  api('POST', '/users/otp/request', {
    body: { phone },
    headers: { 'X-Forwarded-For': uniqueIp(), ...headers },
  })
const verify = (phone: string, code: string) =>
  api('POST', '/users/otp/verify', { body: { phone, code } })

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
  sms = await startFakeSms()
  env.sms.templateIds = { otp_code: '1107000000000000001' }
  google = await startFakeGoogle()
  apple = await startFakeApple()
})

afterAll(async () => {
  await sms.close()
  await google.close()
  await apple.close()
})

describe('phone OTP', () => {
  it('a parallel burst of wrong codes across spellings gets at most the hourly budget of guesses', async () => {
    const national = uniqueMobile()
    expect((await requestCode(national)).status).toBe(202)
    const code = sms.lastCodeFor(e164(national))
    const spellings = [
      `+91 ${national}`,
      `0${national}`,
      national,
      `${national.slice(0, 5)} ${national.slice(5)}`,
      `+91-${national}`,
    ]
    // Every possible wrong code is fine as a guess: none of them is the right one.
    const guesses = Array.from({ length: 40 }, (_, i) =>
      verify(
        spellings[i % spellings.length],
        String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
      ),
    )
    const results = await Promise.all(guesses)
    // 401 is both "wrong code" and "no live code left"; both spend the hourly budget of 10.
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(10)
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true)
    // The live code itself was compared at most 5 times, whatever the spelling.
    const rows = await payload.db.find({
      collection: 'otp-challenges',
      where: { phone: { equals: e164(national) } },
    })
    expect(rows.docs.every((row: any) => row.attempts <= 5)).toBe(true)
  })

  it('a code sent to one phone does not sign in another, and works only once', async () => {
    const mine = uniqueMobile()
    const victim = uniqueMobile()
    await createUser(payload, null, { phone: e164(victim) })
    await requestCode(mine)
    const code = sms.lastCodeFor(e164(mine))
    expect((await verify(victim, code)).status).not.toBe(200)
    const first = await verify(mine, code)
    expect(first.status).toBe(200)
    expect((await verify(mine, code)).status).toBe(401)
  })

  it('phone change: a code for my own number cannot claim the victim’s number', async () => {
    const attacker = await createUser(payload, null)
    const mine = uniqueMobile()
    const victimPhone = uniqueMobile()
    const victim = await createUser(payload, null, { phone: e164(victimPhone) })
    await requestCode(mine)
    const code = sms.lastCodeFor(e164(mine))
    const res = await api('POST', '/users/phone/change', {
      token: attacker.token,
      body: { currentPassword: TEST_PASSWORD, phone: victimPhone, code },
    })
    expect(res.status).not.toBe(200)
    expect((await rowOf(victim.id)).phone).toBe(e164(victimPhone))
    expect((await rowOf(attacker.id)).phone ?? null).toBeNull()
  })

  it('parallel verifies of one right code give exactly one session', async () => {
    const national = uniqueMobile()
    await requestCode(national)
    const code = sms.lastCodeFor(e164(national))
    const results = await Promise.all(Array.from({ length: 6 }, () => verify(national, code)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
  })

  it('the per-IP cap cannot be dodged by writing extra X-Forwarded-For entries on the left', async () => {
    const saved = env.otp.maxPerIpPerHour
    env.otp.maxPerIpPerHour = 3
    try {
      const proxySaw = uniqueIp()
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        const res = await requestCode(uniqueMobile(), {
          'X-Forwarded-For': `${uniqueIp()}, ${proxySaw}`,
          'X-Real-IP': uniqueIp(),
        })
        statuses.push(res.status)
      }
      expect(statuses.slice(3)).toEqual([429, 429])
    } finally {
      env.otp.maxPerIpPerHour = saved
    }
  })

  it('sign-up claiming a victim’s proven phone neither takes it nor signs in as the victim', async () => {
    const victimPhone = uniqueMobile()
    const victim = await createUser(payload, null, { phone: e164(victimPhone) })
    const email = `${unique('claim')}@obs.test`.toLowerCase()
    const res = await api('POST', '/users', {
      body: { email, password: 'Str0ng-pass-1', firstName: 'E', lastName: 'V', phone: victimPhone },
    })
    expect(res.status).toBe(201)
    expect((await rowOf(res.body.doc.id)).phone ?? null).toBeNull()
    await requestCode(victimPhone)
    const session = await verify(victimPhone, sms.lastCodeFor(e164(victimPhone)))
    expect(session.body.user.id).toBe(victim.id)
  })
})

describe('Google and Apple', () => {
  it('a Google ID token cannot be replayed for a second session', async () => {
    const sub = unique('g')
    const token = await google.sign(sub, {
      claims: { email: `${unique('gm')}@gmail.test`, email_verified: true },
    })
    const first = await api('POST', '/users/google', { body: { idToken: token } })
    expect(first.status).toBe(200)
    const replay = await api('POST', '/users/google', { body: { idToken: token } })
    expect(replay.status).toBe(401)
  })

  it('a Google token with an unverified copy of the victim’s e-mail does not reach the victim', async () => {
    const victim = await createUser(payload, null)
    const token = await google.sign(unique('g'), {
      claims: { email: victim.email, email_verified: false },
    })
    const res = await api('POST', '/users/google', { body: { idToken: token } })
    if (res.status === 200) {
      expect(res.body.user.id).not.toBe(victim.id)
    }
    expect((await rowOf(victim.id)).googleSub ?? null).toBeNull()
  })

  it('a Google token with the victim’s e-mail in upper case and email_verified "true" as a string does not link', async () => {
    const victim = await createUser(payload, null)
    const token = await google.sign(unique('g'), {
      claims: { email: victim.email.toUpperCase(), email_verified: 'false' },
    })
    const res = await api('POST', '/users/google', { body: { idToken: token } })
    if (res.status === 200) {
      expect(res.body.user.id).not.toBe(victim.id)
    }
    expect((await rowOf(victim.id)).googleSub ?? null).toBeNull()
  })

  it('an Apple token with email_verified "false" does not link to the victim', async () => {
    const victim = await createUser(payload, null)
    const token = await apple.sign(unique('a'), {
      claims: { email: victim.email, email_verified: 'false' },
    })
    const res = await api('POST', '/users/apple', { body: { idToken: token } })
    if (res.status === 200) {
      expect(res.body.user.id).not.toBe(victim.id)
    }
    expect((await rowOf(victim.id)).appleSub ?? null).toBeNull()
  })

  it('an Apple relay address that an account holds as its e-mail never links', async () => {
    const relay = `${unique('r')}@privaterelay.appleid.com`.toLowerCase()
    const victim = (await payload.create({
      collection: 'users',
      data: {
        email: relay,
        password: TEST_PASSWORD,
        firstName: 'R',
        lastName: 'L',
        _verified: true,
      } as any,
      overrideAccess: true,
      disableVerificationEmail: true,
    })) as { id: number }
    const token = await apple.sign(unique('a'), {
      claims: { email: relay, email_verified: 'true', is_private_email: 'false' },
    })
    const res = await api('POST', '/users/apple', { body: { idToken: token } })
    if (res.status === 200) {
      expect(res.body.user.id).not.toBe(victim.id)
    }
    expect((await rowOf(victim.id)).appleSub ?? null).toBeNull()
  })

  it('Apple refuses alg:none and an HS256 token keyed with a guessable secret', async () => {
    const victim = await createUser(payload, null)
    const claims = {
      iss: 'https://appleid.apple.com',
      aud: 'test.obs.app',
      sub: unique('a'),
      email: victim.email,
      email_verified: 'true',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    }
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const none = `${b64({ alg: 'none', kid: 'apple-test-key' })}.${b64(claims)}.`
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'apple-test-key' })
      .sign(new TextEncoder().encode('apple-test-key'))
    for (const idToken of [none, hs]) {
      const res = await api('POST', '/users/apple', { body: { idToken } })
      expect(res.status).toBe(401)
    }
    expect((await rowOf(victim.id)).appleSub ?? null).toBeNull()
  })

  it('Google refuses a token signed with a foreign key even when the kid matches', async () => {
    const victim = await createUser(payload, null)
    const token = await google.sign(unique('g'), {
      claims: { email: victim.email, email_verified: true },
      foreignKey: true,
    })
    expect((await api('POST', '/users/google', { body: { idToken: token } })).status).toBe(401)
    expect((await rowOf(victim.id)).googleSub ?? null).toBeNull()
  })

  it('a signed-in attacker cannot link a Google identity already linked to the victim', async () => {
    const victim = await createUser(payload, null)
    const sub = unique('g')
    await payload.db.updateOne({
      collection: 'users',
      id: victim.id,
      data: { googleSub: sub },
      returning: false,
    })
    const attacker = await createUser(payload, null)
    const token = await google.sign(sub, { claims: { email_verified: true } })
    const res = await api('POST', '/users/google/link', {
      token: attacker.token,
      body: { idToken: token, currentPassword: TEST_PASSWORD },
    })
    expect(res.status).toBe(409)
    expect((await rowOf(attacker.id)).googleSub ?? null).toBeNull()
  })
})

describe('e-mail change', () => {
  async function linkFor(user: { id: number; token: string }, address: string) {
    await api('PATCH', `/users/${user.id}`, {
      token: user.token,
      body: { currentPassword: TEST_PASSWORD, email: address },
    })
    return confirmationTokenFor(payload, smtp, address)
  }

  it('parallel confirms of one link apply it exactly once', async () => {
    const user = await createUser(payload, null)
    const address = `${unique('par')}@obs.test`.toLowerCase()
    const token = await linkFor(user, address)
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api('POST', '/users/email/confirm', { body: { token } })),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
  })

  it('an attacker’s pending change to the victim’s address cannot take the victim’s account or sign in as it', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)
    const res = await api('PATCH', `/users/${attacker.id}`, {
      token: attacker.token,
      body: { currentPassword: TEST_PASSWORD, email: victim.email },
    })
    expect(res.status).toBe(200)
    expect((await rowOf(attacker.id)).email).toBe(attacker.email)
    const token = await google.sign(unique('g'), {
      claims: { email: victim.email, email_verified: true },
    })
    const g = await api('POST', '/users/google', { body: { idToken: token } })
    if (g.status === 200) {
      expect(g.body.user.id).not.toBe(attacker.id)
    }
  })

  it('the deliveries staff can read never hold the confirmation token', async () => {
    const user = await createUser(payload, null)
    const address = `${unique('dl')}@obs.test`.toLowerCase()
    const token = await linkFor(user, address)
    for (const staff of [roles.cs, roles.ops_manager, roles.super_admin]) {
      const res = await api('GET', '/notification-deliveries?limit=100&depth=0', {
        token: staff.token,
      })
      expect(JSON.stringify(res.body)).not.toContain(token)
    }
  })
})

describe('secrets in logs and responses', () => {
  it('sign-up, verification, forgot/reset password, login and refresh log no token', async () => {
    const logs = captureLogs(payload)
    const secrets: string[] = []
    try {
      const email = `${unique('logs')}@obs.test`.toLowerCase()
      const created = await api('POST', '/users', {
        body: { email, password: 'Str0ng-pass-1', firstName: 'L', lastName: 'G' },
      })
      const verifyToken = (await rowOf(created.body.doc.id))._verificationToken as string
      secrets.push(verifyToken)
      expect(JSON.stringify(created.body)).not.toContain(verifyToken)
      await api('POST', `/users/verify/${verifyToken}`)
      await api('POST', `/users/verify/${verifyToken}`)
      await api('POST', '/users/forgot-password', { body: { email } })
      const reset = (await rowOf(created.body.doc.id)).resetPasswordToken as string
      secrets.push(reset)
      await api('POST', '/users/reset-password', {
        body: { token: reset, password: 'Short' },
      })
      await api('POST', '/users/reset-password', {
        body: { token: reset, password: 'Reset-pass-1234' },
      })
      await api('POST', '/users/reset-password', {
        body: { token: reset, password: 'Reset-pass-1234' },
      })
      const session = (
        await api('POST', '/users/login', { body: { email, password: 'Reset-pass-1234' } })
      ).body
      secrets.push(session.token, session.refreshToken)
      await api('POST', '/users/token/refresh', { body: { refreshToken: session.refreshToken } })
      await api('POST', '/users/token/refresh', { body: { refreshToken: session.refreshToken } })
      await runJobs(payload)
    } finally {
      logs.stop()
    }
    const text = logs.text()
    for (const secret of secrets.filter(Boolean)) {
      expect(text).not.toContain(secret)
    }
  })

  it('login, me and session responses never carry hash, salt or tokens of the row', async () => {
    const user = await createUser(payload, null)
    const login = await api('POST', '/users/login', {
      body: { email: user.email, password: TEST_PASSWORD },
    })
    const me = await api('GET', '/users/me', { token: login.body.token })
    for (const body of [login.body, me.body]) {
      const text = JSON.stringify(body.user)
      for (const key of ['hash', 'salt', 'resetPasswordToken', '_verificationToken', 'lockUntil']) {
        expect(text).not.toContain(`"${key}"`)
      }
    }
  })

  it('staff reading a trekker never see the trekker’s session ids', async () => {
    const user = await createUser(payload, null)
    const sids = ((await rowOf(user.id)).sessions ?? []).map((s: any) => s.id)
    expect(sids.length).toBeGreaterThan(0)
    for (const staff of [roles.cs, roles.ops_manager, roles.finance, roles.super_admin]) {
      const one = await api('GET', `/users/${user.id}?depth=0`, { token: staff.token })
      const list = await api('GET', `/users?where[id][equals]=${user.id}&depth=0`, {
        token: staff.token,
      })
      for (const sid of sids) {
        expect(JSON.stringify(one.body)).not.toContain(sid)
        expect(JSON.stringify(list.body)).not.toContain(sid)
      }
    }
  })
})

describe('cookie sessions', () => {
  it('a session cookie sent from a foreign origin does not authorise a change', async () => {
    const user = await createUser(payload, null)
    const res = await api('PATCH', `/users/${user.id}`, {
      headers: { Cookie: `payload-token=${user.token}`, Origin: 'https://evil.example' },
      body: { firstName: 'Csrf' },
    })
    expect(res.status).not.toBe(200)
    expect((await rowOf(user.id)).firstName).not.toBe('Csrf')
  })

  it('first-register cannot mint a super admin once users exist', async () => {
    const email = `${unique('first')}@obs.test`.toLowerCase()
    const res = await api('POST', '/users/first-register', {
      body: { email, password: 'Str0ng-pass-1', staffRole: 'super_admin' },
    })
    expect(res.status).not.toBe(200)
    const row = await payload.db.findOne({
      collection: 'users',
      where: { email: { equals: email } },
    })
    expect((row as any)?.staffRole ?? null).toBeNull()
  })

  it('a trekker token cannot open the admin (access.admin)', async () => {
    const user = await createUser(payload, null)
    const res = await api('GET', '/users/me', { token: user.token })
    expect(res.status).toBe(200)
    const token = decodeJwt(user.token)
    expect(token).not.toHaveProperty('staffRole')
    expect(await whoAmI(user.token)).not.toBeNull()
  })
})

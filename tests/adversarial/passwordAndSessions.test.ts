/**
 * Attacks on password sign-in, sessions and tokens. Each test asserts the SAFE behaviour:
 * a failing test is a hole.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { decodeJwt, SignJWT } from 'jose'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { uniqueIp } from '../users/helpers/fakeSms'
import { whoAmI } from '../users/helpers/session'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

const login = (email: string, password = TEST_PASSWORD) =>
  api('POST', '/users/login', { body: { email, password } })

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

describe('account enumeration', () => {
  // The contract has sign-up return 201 with the created user, which a taken e-mail cannot
  // get; what is asserted instead is that probing is bounded per client IP.
  it('sign-up probes of taken e-mails are capped per IP: 429 with Retry-After', async () => {
    const victim = await createUser(payload, null)
    const saved = env.signUp.maxPerIpPerHour
    env.signUp.maxPerIpPerHour = 3
    try {
      const ip = uniqueIp()
      const probe = (email: string) =>
        api('POST', '/users', {
          body: { email, password: 'Str0ng-pass-1', firstName: 'Eve', lastName: 'Probe' },
          headers: { 'X-Forwarded-For': ip },
        })
      for (let i = 0; i < 3; i++) {
        expect((await probe(victim.email)).status).toBe(400)
      }
      const capped = await probe(victim.email)
      expect(capped.status).toBe(429)
      expect(Number(capped.headers.get('Retry-After'))).toBeGreaterThan(0)
      const free = await probe(`${unique('free')}@obs.test`)
      expect(free.status).toBe(429)
      expect(free.body).toEqual(capped.body)
      // Another network is not affected.
      const elsewhere = await api('POST', '/users', {
        body: {
          email: `${unique('free')}@obs.test`,
          password: 'Str0ng-pass-1',
          firstName: 'Asha',
          lastName: 'Rawat',
        },
        headers: { 'X-Forwarded-For': uniqueIp() },
      })
      expect(elsewhere.status).toBe(201)
    } finally {
      env.signUp.maxPerIpPerHour = saved
    }
  })

  it('a wrong password says the same for an existing and an unknown account', async () => {
    const victim = await createUser(payload, null)
    const existing = await login(victim.email, 'Wrong-password-1')
    const unknown = await login(`${unique('nobody')}@obs.test`, 'Wrong-password-1')
    expect(existing.status).toBe(unknown.status)
    expect(existing.body).toEqual(unknown.body)
  })

  it('a locked account answers a wrong password like an unknown account', async () => {
    const victim = await createUser(payload, null)
    for (let i = 0; i < 5; i++) {
      await login(victim.email, `Wrong-password-${i}`)
    }
    const locked = await login(victim.email, 'Wrong-password-x')
    const unknown = await login(`${unique('nobody')}@obs.test`, 'Wrong-password-x')
    expect(locked.status).toBe(unknown.status)
    expect(locked.body).toEqual(unknown.body)
  })

  it('forgot-password answers the same for an existing and an unknown e-mail', async () => {
    const victim = await createUser(payload, null)
    const existing = await api('POST', '/users/forgot-password', { body: { email: victim.email } })
    const unknown = await api('POST', '/users/forgot-password', {
      body: { email: `${unique('nobody')}@obs.test` },
    })
    expect(existing.status).toBe(unknown.status)
    expect(existing.body).toEqual(unknown.body)
  })
})

describe('password brute force', () => {
  it('a trekker cannot unlock a victim locked out by wrong passwords (REST /unlock)', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)
    for (let i = 0; i < 5; i++) {
      await login(victim.email, `Guess-${i}`)
    }
    expect((await login(victim.email)).status).not.toBe(200)

    const unlock = await api('POST', '/users/unlock', {
      token: attacker.token,
      body: { email: victim.email },
    })
    expect(unlock.status).toBe(403)
    // Still locked: the attacker has not earned five more guesses.
    expect((await login(victim.email)).status).not.toBe(200)
  })

  it('the lockout bounds guesses: 20 wrong guesses with /unlock in between still leave the account locked', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)
    for (let i = 0; i < 20; i++) {
      if (i % 4 === 0) {
        await api('POST', '/users/unlock', { token: attacker.token, body: { email: victim.email } })
      }
      await login(victim.email, `Dictionary-word-${i}`)
    }
    await api('POST', '/users/unlock', { token: attacker.token, body: { email: victim.email } })
    // The 21st guess is the right password: it must not get in.
    expect((await login(victim.email)).status).not.toBe(200)
  })

  it('a trekker cannot unlock a victim through GraphQL unlockUser', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)
    for (let i = 0; i < 5; i++) {
      await login(victim.email, `Guess-${i}`)
    }
    const res = await graphql(
      'mutation ($email: String!) { unlockUser(email: $email, username: "") }',
      { email: victim.email },
      attacker.token,
    )
    expect(res.body.data?.unlockUser ?? null).not.toBe(true)
    expect((await login(victim.email)).status).not.toBe(200)
  })

  it('parallel wrong guesses still lock the account after five', async () => {
    const victim = await createUser(payload, null)
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(victim.email, `Parallel-guess-${i}`)),
    )
    expect((await login(victim.email)).status).not.toBe(200)
  })
})

describe('JWT tampering', () => {
  it('refuses alg:none, a foreign secret, a raw PAYLOAD_SECRET, a swapped id and an expired token', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)
    const claims = decodeJwt(victim.token)
    const now = Math.floor(Date.now() / 1000)

    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`
    const foreign = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode('not-the-secret-at-all-0123456789abcdef'))
    const rawSecret = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(env.payloadSecret))
    const [h, , s] = attacker.token.split('.')
    const swapped = `${h}.${b64({ ...decodeJwt(attacker.token), id: victim.id, email: victim.email })}.${s}`
    const expired = await new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(payload.secret))

    for (const token of [none, foreign, rawSecret, swapped, expired]) {
      expect(await whoAmI(token)).toBeNull()
      expect(await whoAmI(token, 'Bearer')).toBeNull()
      const me = await api('PATCH', `/users/${victim.id}`, {
        token,
        body: { firstName: 'Pwned' },
      })
      expect(me.status).toBe(401)
    }
    expect((await rowOf(victim.id)).firstName).not.toBe('Pwned')
  })

  it('a token for a session the user no longer has is refused (logout, then replay)', async () => {
    const victim = await createUser(payload, null)
    const session = (await login(victim.email)).body
    expect((await api('POST', '/users/logout', { token: session.token })).status).toBe(200)
    expect(await whoAmI(session.token)).toBeNull()
    // Payload's own refresh endpoint must not revive it either.
    const revived = await api('POST', '/users/refresh-token', { token: session.token })
    expect(revived.status).not.toBe(200)
  })
})

describe('refresh tokens', () => {
  const refresh = (refreshToken: string) =>
    api('POST', '/users/token/refresh', { body: { refreshToken } })

  it('after a password change, neither the old refresh token nor access token works', async () => {
    const victim = await createUser(payload, null)
    const stolen = (await login(victim.email)).body
    const mine = (await login(victim.email)).body
    const change = await api('PATCH', `/users/${victim.id}`, {
      token: mine.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Brand-new-pass-9' },
    })
    expect(change.status).toBe(200)
    expect((await refresh(stolen.refreshToken)).status).toBe(401)
    expect(await whoAmI(stolen.token)).toBeNull()
    const revived = await api('POST', '/users/refresh-token', { token: stolen.token })
    expect(revived.status).not.toBe(200)
  })

  it('reuse of a spent refresh token kills the thief’s rotated access token, also for Payload’s refresh', async () => {
    const victim = await createUser(payload, null)
    const first = (await login(victim.email)).body
    const rotated = (await refresh(first.refreshToken)).body
    expect(typeof rotated.token).toBe('string')
    expect((await refresh(first.refreshToken)).status).toBe(401)
    expect(await whoAmI(rotated.token)).toBeNull()
    expect((await refresh(rotated.refreshToken)).status).toBe(401)
    const revived = await api('POST', '/users/refresh-token', { token: rotated.token })
    expect(revived.status).not.toBe(200)
  })

  it('a refresh token cannot be used as an access token, nor an access token as a refresh token', async () => {
    const victim = await createUser(payload, null)
    const session = (await login(victim.email)).body
    expect(await whoAmI(session.refreshToken)).toBeNull()
    expect((await refresh(session.token)).status).not.toBe(200)
  })

  it('after a staff sign-out, the victim’s refresh token and Payload refresh are dead', async () => {
    const victim = await createUser(payload, null)
    const session = (await login(victim.email)).body
    const out = await api('POST', `/users/${victim.id}/sign-out`, { token: roles.cs.token })
    expect(out.status).toBe(200)
    expect((await refresh(session.refreshToken)).status).toBe(401)
    expect((await api('POST', '/users/refresh-token', { token: session.token })).status).not.toBe(
      200,
    )
  })

  it('cs cannot sign a staff account out (cs edits trekkers, not staff)', async () => {
    const admin = await createUser(payload, 'super_admin')
    const res = await api('POST', `/users/${admin.id}/sign-out`, { token: roles.cs.token })
    expect(res.status).toBe(403)
    expect(await whoAmI(admin.token)).not.toBeNull()
  })
})

describe('password reset', () => {
  it('a reset token can be used once, and a guessed token is refused', async () => {
    const victim = await createUser(payload, null)
    await api('POST', '/users/forgot-password', { body: { email: victim.email } })
    const token = (await rowOf(victim.id)).resetPasswordToken as string
    expect(typeof token).toBe('string')
    const guessed = await api('POST', '/users/reset-password', {
      body: { token: 'a'.repeat(token.length), password: 'Attacker-pass-1' },
    })
    expect(guessed.status).not.toBe(200)
    const first = await api('POST', '/users/reset-password', {
      body: { token, password: 'Owner-pass-1234' },
    })
    expect(first.status).toBe(200)
    const replay = await api('POST', '/users/reset-password', {
      body: { token, password: 'Attacker-pass-1' },
    })
    expect(replay.status).not.toBe(200)
    expect((await login(victim.email, 'Attacker-pass-1')).status).not.toBe(200)
  })

  it('forgot-password never returns the reset token to the caller (REST and GraphQL)', async () => {
    const victim = await createUser(payload, null)
    const rest = await api('POST', '/users/forgot-password', {
      body: { email: victim.email, disableEmail: true },
    })
    const gql = await graphql(
      'mutation ($email: String!) { forgotPasswordUser(email: $email, disableEmail: true) }',
      { email: victim.email },
    )
    const token = (await rowOf(victim.id)).resetPasswordToken as string
    expect(JSON.stringify(rest.body)).not.toContain(token)
    expect(JSON.stringify(gql.body)).not.toContain(token)
  })
})

describe('mass assignment', () => {
  const privileged = (email: string) => ({
    email,
    password: 'Str0ng-pass-1',
    firstName: 'Eve',
    lastName: 'Mass',
    staffRole: 'super_admin',
    _verified: true,
    _verificationToken: 'attacker-verify-token',
    resetPasswordToken: 'attacker-reset-token',
    resetPasswordExpiration: new Date(Date.now() + 3_600_000).toISOString(),
    googleSub: `g-${email}`,
    appleSub: `a-${email}`,
    phoneVerified: true,
    pendingEmail: 'victim@obs.test',
    pendingPhone: '+919812345678',
    username: unique('admin').replace(/-/g, '_'),
    obsPoints: 99999,
    tribeTier: 'obs_legend',
    loginAttempts: -100,
    sessions: [
      {
        id: 'attacker-sid',
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    ],
  })

  function expectNothingPrivileged(row: any, email: string) {
    expect(row.staffRole ?? null).toBeNull()
    expect(row._verified).toBe(false)
    expect(row._verificationToken).not.toBe('attacker-verify-token')
    expect(row.resetPasswordToken ?? null).not.toBe('attacker-reset-token')
    expect(row.googleSub ?? null).toBeNull()
    expect(row.appleSub ?? null).toBeNull()
    expect(row.phoneVerified ?? false).toBe(false)
    expect(row.pendingEmail ?? null).toBeNull()
    expect(row.pendingPhone ?? null).toBeNull()
    expect(row.username ?? null).toBeNull()
    expect(row.obsPoints ?? 0).toBe(0)
    expect(row.tribeTier).toBe('basecamp')
    expect(row.email).toBe(email)
  }

  const sessionIds = (row: any) => (row.sessions ?? []).map((s: any) => s.id)

  it('REST sign-up ignores privileged and internal fields, and planted tokens do not work', async () => {
    const email = `${unique('mass')}@obs.test`.toLowerCase()
    const res = await api('POST', '/users', { body: privileged(email) })
    expect(res.status).toBe(201)
    const text = JSON.stringify(res.body)
    for (const secret of ['salt', 'hash', '_verificationToken', 'resetPasswordToken']) {
      expect(text).not.toContain(`"${secret}"`)
    }
    expect(text).not.toContain('attacker-sid')
    const row = await rowOf(res.body.doc.id)
    expectNothingPrivileged(row, email)

    expect((await api('POST', '/users/verify/attacker-verify-token')).status).not.toBe(200)
    const reset = await api('POST', '/users/reset-password', {
      body: { token: 'attacker-reset-token', password: 'Attacker-pass-1' },
    })
    expect(reset.status).not.toBe(200)
    expect((await login(email, 'Str0ng-pass-1')).status).not.toBe(200)
  })

  it('REST sign-up cannot plant Payload sessions (the internal sessions array)', async () => {
    const email = `${unique('mass-sid')}@obs.test`.toLowerCase()
    const res = await api('POST', '/users', { body: privileged(email) })
    expect(res.status).toBe(201)
    expect(sessionIds(await rowOf(res.body.doc.id))).not.toContain('attacker-sid')
  })

  it('a trekker cannot write the internal sessions array of their own account', async () => {
    const me = await createUser(payload, null)
    const planted = {
      id: 'planted-sid',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 365 * 86_400_000).toISOString(),
    }
    await api('PATCH', `/users/${me.id}`, { token: me.token, body: { sessions: [planted] } })
    expect(sessionIds(await rowOf(me.id))).not.toContain('planted-sid')
  })

  it('cs cannot write the internal sessions array of a trekker', async () => {
    const victim = await createUser(payload, null)
    const before = sessionIds(await rowOf(victim.id))
    const planted = {
      id: 'cs-planted-sid',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    }
    await api('PATCH', `/users/${victim.id}`, {
      token: roles.cs.token,
      body: { sessions: [planted] },
    })
    const after = sessionIds(await rowOf(victim.id))
    expect(after).not.toContain('cs-planted-sid')
    expect(after).toEqual(before)
  })

  it('GraphQL createUser ignores privileged fields', async () => {
    const fields: Record<string, string> = {
      staffRole: 'staffRole: super_admin',
      _verified: '_verified: true',
      googleSub: 'googleSub: "g-gql"',
      appleSub: 'appleSub: "a-gql"',
      phoneVerified: 'phoneVerified: true',
      pendingEmail: 'pendingEmail: "victim@obs.test"',
      pendingPhone: 'pendingPhone: "+919812345678"',
      username: 'username: "gqladmin"',
      obsPoints: 'obsPoints: 99999',
    }
    for (const [name, assignment] of Object.entries(fields)) {
      const email = `${unique('gqlmass')}@obs.test`.toLowerCase()
      const sub = name.endsWith('Sub') ? `"${name}-${email}"` : null
      const res = await graphql(
        `mutation { createUser(data: { email: "${email}", password: "Str0ng-pass-1", firstName: "E", lastName: "M", ${
          sub ? `${name}: ${sub}` : assignment
        } }) { id } }`,
      )
      const id = res.body.data?.createUser?.id
      if (id) {
        expectNothingPrivileged(await rowOf(id), email)
      }
    }
  })

  it('a trekker cannot write privileged fields on their own account (REST and GraphQL)', async () => {
    const me = await createUser(payload, null)
    const attempts: Record<string, unknown>[] = [
      { staffRole: 'super_admin' },
      { googleSub: 'g-self' },
      { appleSub: 'a-self' },
      { phoneVerified: true },
      { username: 'selfadmin' },
      { pendingPhone: '+919812345678' },
      { pendingEmail: 'victim@obs.test' },
      { obsPoints: 99999 },
      { resetPasswordToken: 'attacker-reset-token' },
    ]
    for (const data of attempts) {
      await api('PATCH', `/users/${me.id}`, { token: me.token, body: data })
    }
    await graphql(
      `
        mutation ($id: Int!) {
          updateUser(
            id: $id
            data: { staffRole: super_admin, googleSub: "g-gql-self", obsPoints: 5 }
          ) {
            id
          }
        }
      `,
      { id: me.id },
      me.token,
    )
    const row = await rowOf(me.id)
    expect(row.staffRole ?? null).toBeNull()
    expect(row.googleSub ?? null).toBeNull()
    expect(row.appleSub ?? null).toBeNull()
    expect(row.phoneVerified ?? false).toBe(false)
    expect(row.username ?? null).toBeNull()
    expect(row.pendingPhone ?? null).toBeNull()
    expect(row.pendingEmail ?? null).toBeNull()
    expect(row.obsPoints ?? 0).toBe(0)
    expect(row.resetPasswordToken ?? null).not.toBe('attacker-reset-token')
  })
})

describe('someone else’s credentials', () => {
  it('a trekker cannot change another user’s e-mail, password or phone (REST)', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)
    for (const data of [
      { email: `${unique('evil')}@obs.test` },
      { password: 'Attacker-pass-1' },
      { phone: '+919812345670' },
    ]) {
      const res = await api('PATCH', `/users/${victim.id}`, { token: attacker.token, body: data })
      expect([403, 404]).toContain(res.status)
    }
    const bulk = await api('PATCH', `/users?where[id][equals]=${victim.id}`, {
      token: attacker.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Attacker-pass-1' },
    })
    expect(bulk.body?.docs?.length ?? 0).toBe(0)
    expect((await login(victim.email, 'Attacker-pass-1')).status).not.toBe(200)
    expect((await rowOf(victim.id)).email).toBe(victim.email)
  })

  it('a trekker cannot change another user through GraphQL updateUser', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)
    await graphql(
      `
        mutation ($id: Int!) {
          updateUser(id: $id, data: { password: "Attacker-pass-1", email: "evil-gql@obs.test" }) {
            id
          }
        }
      `,
      { id: victim.id },
      attacker.token,
    )
    expect((await login(victim.email, 'Attacker-pass-1')).status).not.toBe(200)
    expect((await rowOf(victim.id)).email).toBe(victim.email)
  })

  it('cs cannot set a trekker’s password, e-mail, phone, provider id or verified flag', async () => {
    const victim = await createUser(payload, null)
    // An account whose sign-up e-mail is not yet verified: a verified flag set by cs would
    // make it linkable by a provider sign-in.
    await payload.db.updateOne({
      collection: 'users',
      id: victim.id,
      data: { _verified: false },
      returning: false,
    })
    const evilEmail = `${unique('cs-evil')}@obs.test`
    const refused = [
      { password: 'Cs-pass-12345' },
      { email: evilEmail },
      { phone: '+919812345671' },
    ]
    for (const data of refused) {
      const res = await api('PATCH', `/users/${victim.id}`, { token: roles.cs.token, body: data })
      expect(res.status).toBe(403)
    }
    await api('PATCH', `/users/${victim.id}`, {
      token: roles.cs.token,
      body: { googleSub: 'g-cs', appleSub: 'a-cs', _verified: true, staffRole: 'cs' },
    })
    await graphql(
      `mutation ($id: Int!) { updateUser(id: $id, data: { password: "Cs-pass-12345", email: "${evilEmail}" }) { id } }`,
      { id: victim.id },
      roles.cs.token,
    )
    const row = await rowOf(victim.id)
    expect(row.email).toBe(victim.email)
    expect(row.phone ?? null).toBeNull()
    expect(row.googleSub ?? null).toBeNull()
    expect(row.appleSub ?? null).toBeNull()
    expect(row._verified).toBe(false)
    expect(row.staffRole ?? null).toBeNull()
    expect((await login(victim.email, 'Cs-pass-12345')).status).not.toBe(200)
  })

  it('ops, finance, content and guide cannot change a trekker’s credentials', async () => {
    const victim = await createUser(payload, null)
    for (const staff of [roles.ops_manager, roles.finance, roles.content, roles.guide]) {
      const res = await api('PATCH', `/users/${victim.id}`, {
        token: staff.token,
        body: {
          currentPassword: TEST_PASSWORD,
          password: 'Staff-pass-12345',
          email: `${unique('s')}@obs.test`,
        },
      })
      expect([403, 404]).toContain(res.status)
    }
    expect((await login(victim.email, 'Staff-pass-12345')).status).not.toBe(200)
  })
})

import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'
import { MAX_LIVE_SIGN_INS } from '@/users/auth/accountCopies'
import { authClock, DAY } from '@/users/auth/clock'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { uniqueIp } from './helpers/fakeSms'
import { expectSession, whoAmI } from './helpers/session'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

const realNow = authClock.now

async function passwordLogin(email: string, password = TEST_PASSWORD) {
  return api('POST', '/users/login', { body: { email, password } })
}

async function refresh(refreshToken: string) {
  return api('POST', '/users/token/refresh', { body: { refreshToken } })
}

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

afterEach(() => {
  authClock.now = realNow
})

describe('password login', () => {
  it('returns the session shape, and the token works as JWT and as Bearer', async () => {
    const user = await createUser(payload, null)
    const res = await passwordLogin(user.email)

    expect(res.status).toBe(200)
    const session = expectSession(res.body)
    expect(session.user.id).toBe(user.id)
    expect(session.user.email).toBe(user.email)
    expect(session.user.hash).toBeUndefined()
    expect((await whoAmI(session.token, 'JWT'))?.id).toBe(user.id)
    expect((await whoAmI(session.token, 'Bearer'))?.id).toBe(user.id)
  })

  it('answers the account’s stored updatedAt, not the null Payload leaves', async () => {
    const user = await createUser(payload, null)
    const res = await passwordLogin(user.email)
    const stored = await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: user.id } },
    })
    expect(res.body.user.updatedAt).toBe((stored as { updatedAt?: string }).updatedAt)
    expect(typeof res.body.user.updatedAt).toBe('string')
  })

  it('GraphQL loginUser returns the same session, refresh token included', async () => {
    const user = await createUser(payload, null)
    const res = await graphql(
      `
        mutation ($email: String!, $password: String) {
          loginUser(email: $email, password: $password) {
            token
            exp
            refreshToken
            user {
              id
              email
            }
          }
        }
      `,
      { email: user.email, password: TEST_PASSWORD },
    )

    expect(res.body.errors).toBeUndefined()
    const session = expectSession(res.body.data.loginUser)
    expect(session.user).toEqual({ id: user.id, email: user.email })
    expect((await whoAmI(session.token, 'Bearer'))?.id).toBe(user.id)
    const rotated = await refresh(session.refreshToken)
    expect(rotated.status).toBe(200)
    expect(rotated.body.user.id).toBe(user.id)
    expect((await refresh(session.refreshToken)).status).toBe(401)

    const neither = await graphql('mutation { loginUser(password: "x") { token refreshToken } }')
    expect(neither.body.errors?.length).toBe(1)
    expect(neither.body.data?.loginUser ?? null).toBeNull()
  })

  it('stores only a hash of the refresh token', async () => {
    const user = await createUser(payload, null)
    const { refreshToken } = expectSession((await passwordLogin(user.email)).body)

    const rows = await payload.db.find({
      collection: 'refresh-tokens',
      where: { user: { equals: user.id } },
      limit: 10,
    })
    // One from the fixture's own login, one from this one.
    expect(rows.docs).toHaveLength(2)
    expect(JSON.stringify(rows.docs)).not.toContain(refreshToken)
    for (const row of rows.docs as any[]) {
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    }
  })

  it('locks the account after 5 wrong passwords, even for the right one', async () => {
    const user = await createUser(payload, null)
    for (let i = 0; i < 5; i++) {
      expect((await passwordLogin(user.email, 'wrong-password')).status).toBe(401)
    }
    const locked = await passwordLogin(user.email)
    expect(locked.status).toBe(401)
    // Answered like a wrong password, so the lock does not confirm that the account exists.
    expect(locked.body.errors[0].message).toBe('The email or password provided is incorrect.')
  })

  it('lets anyone sign up with e-mail and password, and asks them to verify before login', async () => {
    const email = `${unique('signup')}@obs.test`
    const created = await api('POST', '/users', {
      body: {
        email,
        password: TEST_PASSWORD,
        firstName: 'Asha',
        lastName: 'Rawat',
        phone: '98765 43210',
      },
    })
    expect(created.status).toBe(201)
    expect(created.body.doc.staffRole ?? null).toBeNull()

    const login = await passwordLogin(email)
    expect(login.status).toBe(403)
    expect(login.body.errors[0].message).toMatch(/verify/i)

    const row = await payload.db.findOne({
      collection: 'users',
      where: { email: { equals: email } },
    })
    const verified = await api('POST', `/users/verify/${(row as any)._verificationToken}`)
    expect(verified.status).toBe(200)
    expectSession((await passwordLogin(email)).body)
  })

  it('ignores a _verified flag sent by a signed-in client', async () => {
    const email = `${unique('selfverified')}@obs.test`
    const res = await api('POST', '/users', {
      token: roles.trekker.token,
      body: { email, password: TEST_PASSWORD, firstName: 'A', lastName: 'B', _verified: true },
    })
    expect(res.status).toBe(201)
    const row = await payload.db.findOne({
      collection: 'users',
      where: { email: { equals: email } },
    })
    expect((row as any)._verified).toBe(false)
  })
})

describe('failed password sign-ins per client', () => {
  const TOO_MANY = 'Too many failed sign-ins from this network. Wait a while and try again.'
  const saved = env.signIn.maxFailuresPerClient

  afterEach(() => {
    env.signIn.maxFailuresPerClient = saved
  })

  /** A fresh IPv4 client per test (TEST-NET-2), as the trusted proxy writes it. */
  const ipv4 = () =>
    `198.51.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`

  const loginFrom = (client: string, email: string, password = TEST_PASSWORD) =>
    api('POST', '/users/login', {
      body: { email, password },
      headers: { 'X-Forwarded-For': client },
    })

  it('slows sixty failures from one client: 30 answered, then 429 with Retry-After', async () => {
    // The product default (the test setup raises it for the rest of the suite).
    const user = await createUser(payload, null)
    env.signIn.maxFailuresPerClient = 30
    const client = ipv4()
    const statuses: number[] = []
    let last: Awaited<ReturnType<typeof loginFrom>> | undefined
    for (let i = 0; i < 60; i++) {
      last = await loginFrom(client, `${unique('stuffed')}@mail.test`, 'Summer2024!')
      statuses.push(last.status)
    }
    expect(statuses).toEqual([...Array<number>(30).fill(401), ...Array<number>(30).fill(429)])
    expect(last!.body).toEqual({ errors: [{ message: TOO_MANY }] })
    const retryAfter = Number(last!.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)

    // Past the budget the right password waits too, so the client learns nothing from it...
    const right = await loginFrom(client, user.email)
    expect(right.status).toBe(429)
    expect(right.body.errors[0].message).toBe(TOO_MANY)
    // ...and another client is not affected.
    const elsewhere = await loginFrom(ipv4(), user.email)
    expect(elsewhere.status).toBe(200)
    expectSession(elsewhere.body)
  })

  it('counts one IPv6 /64 as one client', async () => {
    env.signIn.maxFailuresPerClient = 3
    const net = uniqueIp().split(':').slice(0, 4).join(':')
    const statuses: number[] = []
    for (let i = 1; i <= 5; i++) {
      const res = await loginFrom(`${net}:${i}::${i}`, `${unique('nobody')}@obs.test`, 'Wrong-1')
      statuses.push(res.status)
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429])
    expect((await loginFrom(uniqueIp(), `${unique('nobody')}@obs.test`, 'Wrong-1')).status).toBe(
      401,
    )
  })

  it('is not spent by successful sign-ins', async () => {
    const user = await createUser(payload, null)
    env.signIn.maxFailuresPerClient = 3
    const client = ipv4()
    expect((await loginFrom(client, `${unique('nobody')}@obs.test`, 'Wrong-1')).status).toBe(401)
    expect((await loginFrom(client, `${unique('nobody')}@obs.test`, 'Wrong-1')).status).toBe(401)
    for (let i = 0; i < 10; i++) {
      expect((await loginFrom(client, user.email)).status).toBe(200)
    }
    expect((await loginFrom(client, `${unique('nobody')}@obs.test`, 'Wrong-1')).status).toBe(401)
    expect((await loginFrom(client, `${unique('nobody')}@obs.test`, 'Wrong-1')).status).toBe(429)
  })

  it('leaves the per-account lock as it was: five wrong passwords lock, not 429', async () => {
    const user = await createUser(payload, null)
    env.signIn.maxFailuresPerClient = 30
    const client = ipv4()
    for (let i = 0; i < 5; i++) {
      expect((await loginFrom(client, user.email, 'wrong-password')).status).toBe(401)
    }
    const locked = await loginFrom(client, user.email)
    expect(locked.status).toBe(401)
    expect(locked.body.errors[0].message).toBe('The email or password provided is incorrect.')
  })

  it('does not count a sign-in missing its password (400)', async () => {
    const user = await createUser(payload, null)
    env.signIn.maxFailuresPerClient = 1
    const client = ipv4()
    for (let i = 0; i < 3; i++) {
      const res = await api('POST', '/users/login', {
        body: { email: user.email },
        headers: { 'X-Forwarded-For': client },
      })
      expect(res.status).toBe(400)
    }
    expect((await loginFrom(client, user.email)).status).toBe(200)
  })

  it('holds for GraphQL loginUser, which shares the REST budget', async () => {
    const user = await createUser(payload, null)
    env.signIn.maxFailuresPerClient = 2
    const client = ipv4()
    const query = `
      mutation ($email: String!, $password: String) {
        loginUser(email: $email, password: $password) { token }
      }
    `
    const viaGraphql = (email: string, password: string) =>
      graphql(query, { email, password }, undefined, { 'X-Forwarded-For': client })

    expect((await loginFrom(client, `${unique('nobody')}@obs.test`, 'Wrong-1')).status).toBe(401)
    const wrong = await viaGraphql(`${unique('nobody')}@obs.test`, 'Wrong-1')
    expect(wrong.body.errors?.[0]?.message).toBe('The email or password provided is incorrect.')
    const capped = await viaGraphql(user.email, TEST_PASSWORD)
    expect(capped.body.errors?.[0]?.message).toBe(TOO_MANY)
    expect(capped.body.errors?.[0]?.extensions?.statusCode).toBe(429)
    expect(capped.body.data?.loginUser ?? null).toBeNull()
    expect(Number(capped.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect((await loginFrom(client, user.email)).status).toBe(429)
  })
})

describe('live sign-ins of one account', () => {
  it(`keeps the newest ${MAX_LIVE_SIGN_INS}: a sign-in past them ends the oldest, refresh token and all`, async () => {
    const user = await createUser(payload, null)
    const signIns = []
    for (let i = 0; i < MAX_LIVE_SIGN_INS + 3; i++) {
      const res = await passwordLogin(user.email)
      expect(res.status).toBe(200)
      signIns.push(res.body as { token: string; refreshToken: string })
    }
    const stored = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: user.id } },
    })) as { sessions?: unknown[] }
    expect(stored.sessions).toHaveLength(MAX_LIVE_SIGN_INS)
    const live = await payload.db.count({
      collection: 'refresh-tokens',
      where: { user: { equals: user.id }, revokedAt: { exists: false } },
    })
    expect(live.totalDocs).toBe(MAX_LIVE_SIGN_INS)
    // The three oldest are over, both ways in; the newest still works.
    expect(await whoAmI(signIns[0].token)).toBeNull()
    expect((await refresh(signIns[2].refreshToken)).status).toBe(401)
    expect((await whoAmI(signIns[3].token))?.id).toBe(user.id)
    expect((await refresh(signIns.at(-1)!.refreshToken)).status).toBe(200)
  })
})

describe('refresh', () => {
  it('rotates: a new session, the old refresh token spent', async () => {
    const user = await createUser(payload, null)
    const first = expectSession((await passwordLogin(user.email)).body)

    const res = await refresh(first.refreshToken)
    expect(res.status).toBe(200)
    const second = expectSession(res.body)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(second.user.id).toBe(user.id)
    expect((await whoAmI(second.token))?.id).toBe(user.id)
    // The rotated-away session's access token no longer works.
    expect(await whoAmI(first.token)).toBeNull()
  })

  it('revokes the whole family when a spent token comes back', async () => {
    const user = await createUser(payload, null)
    const first = expectSession((await passwordLogin(user.email)).body)
    const second = expectSession((await refresh(first.refreshToken)).body)

    const replay = await refresh(first.refreshToken)
    expect(replay.status).toBe(401)
    expect(replay.body.errors[0].message).toMatch(/sign in again/i)

    expect((await refresh(second.refreshToken)).status).toBe(401)
    expect(await whoAmI(second.token)).toBeNull()
  })

  it('keeps other sign-ins alive when one family is revoked', async () => {
    const user = await createUser(payload, null)
    const phone = expectSession((await passwordLogin(user.email)).body)
    const laptop = expectSession((await passwordLogin(user.email)).body)
    await refresh(phone.refreshToken)
    await refresh(phone.refreshToken)

    expect((await whoAmI(laptop.token))?.id).toBe(user.id)
    expect((await refresh(laptop.refreshToken)).status).toBe(200)
  })

  it('gives exactly one new session when the same token is presented twice at once', async () => {
    const user = await createUser(payload, null)
    const first = expectSession((await passwordLogin(user.email)).body)

    const results = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)])
    expect(results.map((res) => res.status).sort()).toEqual([200, 401])
  })

  it('expires after 30 days', async () => {
    const user = await createUser(payload, null)
    const session = expectSession((await passwordLogin(user.email)).body)

    authClock.now = () => new Date(Date.now() + 30 * DAY + 1000)
    expect((await refresh(session.refreshToken)).status).toBe(401)
    authClock.now = () => new Date(Date.now() + 29 * DAY)
    expect((await refresh(session.refreshToken)).status).toBe(200)
  })

  it('refuses unknown and malformed tokens with 401 and 400', async () => {
    expect((await refresh('not-a-token-we-issued')).status).toBe(401)
    const missing = await api('POST', '/users/token/refresh', { body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].message).toBe('refreshToken is required.')
  })
})

describe('logout and revocation', () => {
  it('logout ends the sign-in: access token and refresh family', async () => {
    const user = await createUser(payload, null)
    const session = expectSession((await passwordLogin(user.email)).body)
    const other = expectSession((await passwordLogin(user.email)).body)

    const res = await api('POST', '/users/logout', {
      headers: { Authorization: `Bearer ${session.token}` },
    })
    expect(res.status).toBe(200)
    expect(await whoAmI(session.token)).toBeNull()
    expect((await refresh(session.refreshToken)).status).toBe(401)
    // Only that sign-in.
    expect((await refresh(other.refreshToken)).status).toBe(200)
  })

  it('logout after a refresh revokes the refreshed family too', async () => {
    const user = await createUser(payload, null)
    const first = expectSession((await passwordLogin(user.email)).body)
    const second = expectSession((await refresh(first.refreshToken)).body)

    expect((await api('POST', '/users/logout', { token: second.token })).status).toBe(200)
    expect((await refresh(second.refreshToken)).status).toBe(401)
  })

  it('logout with allSessions ends every sign-in', async () => {
    const user = await createUser(payload, null)
    const a = expectSession((await passwordLogin(user.email)).body)
    const b = expectSession((await passwordLogin(user.email)).body)

    expect((await api('POST', '/users/logout?allSessions=true', { token: a.token })).status).toBe(
      200,
    )
    expect(await whoAmI(b.token)).toBeNull()
    expect((await refresh(b.refreshToken)).status).toBe(401)
  })

  it('a password change ends every sign-in, the current one included', async () => {
    const user = await createUser(payload, null)
    const a = expectSession((await passwordLogin(user.email)).body)
    const b = expectSession((await passwordLogin(user.email)).body)

    const res = await api('PATCH', `/users/${user.id}`, {
      token: a.token,
      body: { currentPassword: TEST_PASSWORD, password: 'A-new-password-456' },
    })
    expect(res.status).toBe(200)
    for (const session of [a, b]) {
      expect(await whoAmI(session.token)).toBeNull()
      expect((await refresh(session.refreshToken)).status).toBe(401)
    }
    expectSession((await passwordLogin(user.email, 'A-new-password-456')).body)
  })

  it('a password reset by e-mail ends every sign-in', async () => {
    const user = await createUser(payload, null)
    const before = expectSession((await passwordLogin(user.email)).body)

    expect(
      (await api('POST', '/users/forgot-password', { body: { email: user.email } })).status,
    ).toBe(200)
    const row = await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: user.id } },
    })
    const reset = await api('POST', '/users/reset-password', {
      body: { token: (row as any).resetPasswordToken, password: 'Reset-password-789' },
    })
    expect(reset.status).toBe(200)

    expect(await whoAmI(before.token)).toBeNull()
    expect((await refresh(before.refreshToken)).status).toBe(401)
  })

  it('super_admin and cs can sign a user out everywhere; nobody else can', async () => {
    for (const staff of [roles.super_admin, roles.cs]) {
      const user = await createUser(payload, null)
      const session = expectSession((await passwordLogin(user.email)).body)
      const res = await api('POST', `/users/${user.id}/sign-out`, { token: staff.token })
      expect(res.status).toBe(200)
      expect(await whoAmI(session.token)).toBeNull()
      expect((await refresh(session.refreshToken)).status).toBe(401)
    }

    const victim = await createUser(payload, null)
    const session = expectSession((await passwordLogin(victim.email)).body)
    for (const caller of [
      roles.ops_manager,
      roles.finance,
      roles.content,
      roles.guide,
      roles.trekker,
    ]) {
      expect(
        (await api('POST', `/users/${victim.id}/sign-out`, { token: caller.token })).status,
      ).toBe(403)
    }
    expect((await api('POST', `/users/${victim.id}/sign-out`)).status).toBe(401)
    expect((await api('POST', `/users/999999999/sign-out`, { token: roles.cs.token })).status).toBe(
      404,
    )
    expect((await whoAmI(session.token))?.id).toBe(victim.id)
  })
})

describe('sign-in tables are invisible to every API', () => {
  it.each(['refresh-tokens', 'otp-challenges', 'auth-throttles', 'email-changes'])(
    '%s: REST refuses every role',
    async (slug) => {
      for (const user of Object.values(roles)) {
        const list = await api('GET', `/${slug}`, { token: user.token })
        expect(list.status).toBe(403)
        const create = await api('POST', `/${slug}`, { token: user.token, body: {} })
        expect(create.status).toBe(403)
      }
      expect((await api('GET', `/${slug}`)).status).toBe(401)
    },
  )

  it('GraphQL has no such collections', async () => {
    const res = await graphql(
      '{ RefreshTokens { docs { id } } }',
      undefined,
      roles.super_admin.token,
    )
    expect(res.body.errors?.[0]?.message).toMatch(/Cannot query field/)
  })

  it('provider ids: super_admin, ops_manager and cs read them, nobody else, nor through where', async () => {
    const user = await createUser(payload, null)
    const sub = unique('g-roles')
    await payload.update({
      collection: 'users',
      id: user.id,
      data: { googleSub: sub },
      overrideAccess: true,
    })
    const readers = ['super_admin', 'ops_manager', 'cs']

    for (const [role, caller] of Object.entries(roles)) {
      const canRead = readers.includes(role)
      const rest = await api('GET', `/users/${user.id}?depth=0`, { token: caller.token })
      expect(rest.status === 200 && rest.body.googleSub === sub).toBe(canRead)
      const gql = await graphql(`{ User(id: ${user.id}) { googleSub } }`, undefined, caller.token)
      expect(gql.body.data?.User?.googleSub === sub).toBe(canRead)
      const probe = await api('GET', `/users?where[googleSub][equals]=${sub}&depth=0`, {
        token: caller.token,
      })
      const found = probe.status === 200 && probe.body.docs.some((doc: any) => doc.id === user.id)
      expect(found).toBe(canRead)
    }
  })

  it('only super_admin sets the verified flag', async () => {
    const user = await createUser(payload, null)
    await api('PATCH', `/users/${user.id}`, { token: roles.cs.token, body: { _verified: false } })
    let row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: user.id } },
    })) as any
    expect(row._verified).toBe(true)
    await api('PATCH', `/users/${user.id}`, {
      token: roles.super_admin.token,
      body: { _verified: false },
    })
    row = await payload.db.findOne({ collection: 'users', where: { id: { equals: user.id } } })
    expect(row._verified).toBe(false)
  })

  it('provider ids and verification flags: staff read them, a trekker cannot write them', async () => {
    const user = await createUser(payload, null)
    const res = await api('PATCH', `/users/${user.id}`, {
      token: user.token,
      body: {
        googleSub: 'forged',
        appleSub: 'forged',
        _verified: false,
        phoneVerified: true,
        pendingEmail: 'forged@obs.test',
        pendingPhone: '+919800000001',
      },
    })
    expect(res.status).toBe(200)
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: user.id } },
    })) as any
    expect(row.googleSub ?? null).toBeNull()
    expect(row.appleSub ?? null).toBeNull()
    expect(row._verified).toBe(true)
    expect(row.phoneVerified).toBe(false)
    expect(row.pendingEmail ?? null).toBeNull()
    expect(row.pendingPhone ?? null).toBeNull()

    const own = await api('GET', `/users/${user.id}`, { token: user.token })
    expect(own.body).not.toHaveProperty('googleSub')
    const asCs = await api('GET', `/users/${user.id}`, { token: roles.cs.token })
    expect(asCs.body).toHaveProperty('googleSub')
    const gql = await graphql(`{ User(id: ${user.id}) { googleSub } }`, undefined, user.token)
    expect(gql.body.data?.User?.googleSub ?? null).toBeNull()
  })
})

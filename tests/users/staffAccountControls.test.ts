/**
 * Who may lift a lockout, who may keep a session alive through Payload's own refresh, and what
 * a locked account answers over GraphQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { decodeJwt } from 'jose'
import { createLocalReq, type Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { startFakeApple } from './helpers/fakeIdentityProviders'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let apple: Awaited<ReturnType<typeof startFakeApple>>

const login = (email: string, password = TEST_PASSWORD) =>
  api('POST', '/users/login', { body: { email, password } })

async function lockOut(email: string) {
  for (let i = 0; i < 5; i++) {
    await login(email, `Wrong-guess-${i}`)
  }
  expect((await login(email)).status).toBe(401)
}

const unlock = (email: string, token?: string) =>
  api('POST', '/users/unlock', { token, body: { email } })

const cookieRefresh = (token: string) =>
  api('POST', '/users/refresh-token', {
    headers: { Cookie: `payload-token=${token}`, 'Sec-Fetch-Site': 'same-origin' },
  })

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
  apple = await startFakeApple()
})

afterAll(async () => {
  await apple.close()
})

describe('unlock', () => {
  it('cs unlocks a trekker, who can then sign in', async () => {
    const trekker = await createUser(payload, null)
    await lockOut(trekker.email)
    expect((await unlock(trekker.email, roles.cs.token)).status).toBe(200)
    expect((await login(trekker.email)).status).toBe(200)
  })

  it('cs cannot unlock a staff account; a super admin can', async () => {
    const ops = await createUser(payload, 'ops_manager')
    await lockOut(ops.email)
    expect((await unlock(ops.email, roles.cs.token)).status).toBe(403)
    expect((await login(ops.email)).status).toBe(401)
    expect((await unlock(ops.email, roles.super_admin.token)).status).toBe(200)
    expect((await login(ops.email)).status).toBe(200)
  })

  it('ops, finance, content and guide cannot unlock a trekker; anonymous gets 401', async () => {
    const trekker = await createUser(payload, null)
    await lockOut(trekker.email)
    for (const role of ['ops_manager', 'finance', 'content', 'guide'] as const) {
      expect((await unlock(trekker.email, roles[role].token)).status).toBe(403)
    }
    expect((await unlock(trekker.email)).status).toBe(401)
    expect((await login(trekker.email)).status).toBe(401)
  })
})

describe('a locked account over GraphQL', () => {
  it('answers loginUser exactly like an unknown e-mail', async () => {
    const trekker = await createUser(payload, null)
    await lockOut(trekker.email)
    const query = 'mutation ($e: String!) { loginUser(email: $e, password: "Wrong-1") { token } }'
    const locked = await graphql(query, { e: trekker.email })
    const unknown = await graphql(query, { e: `${unique('nobody')}@obs.test` })
    expect(locked.body.errors?.[0]?.message).toBe('The email or password provided is incorrect.')
    expect(locked.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message)
    expect(locked.body.errors?.[0]?.extensions).toEqual(unknown.body.errors?.[0]?.extensions)
  })
})

describe("Payload's refresh-token", () => {
  it('keeps a staff cookie session (the admin) alive', async () => {
    const staff = await createUser(payload, 'content')
    const res = await cookieRefresh(staff.token)
    expect(res.status).toBe(200)
    expect(typeof res.body.refreshedToken).toBe('string')
  })

  it('refuses a trekker cookie session and any Authorization header', async () => {
    const trekker = await createUser(payload, null)
    expect((await cookieRefresh(trekker.token)).status).toBe(403)
    const staff = await createUser(payload, 'super_admin')
    expect((await api('POST', '/users/refresh-token', { token: staff.token })).status).toBe(403)
  })

  it('stops keeping a staff session alive 12 hours after its sign-in', async () => {
    const staff = await createUser(payload, 'cs')
    // Read and written in one request, as Payload's own session writes are.
    const req = await createLocalReq({}, payload)
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: staff.id } },
      req,
    })) as any
    const sid = decodeJwt(staff.token).sid
    const old = new Date(Date.now() - 13 * 60 * 60 * 1000).toISOString()
    await payload.db.updateOne({
      collection: 'users',
      id: staff.id,
      data: {
        ...row,
        sessions: row.sessions.map((s: any) => (s.id === sid ? { ...s, createdAt: old } : s)),
      },
      req,
      returning: false,
    })
    expect((await cookieRefresh(staff.token)).status).toBe(403)
  })
})

describe('Sign in with Apple', () => {
  it('an ID token works once; a replay gets 401', async () => {
    const token = await apple.sign(unique('apple'), {
      claims: { email: `${unique('ap')}@icloud.test`, email_verified: true },
    })
    expect((await api('POST', '/users/apple', { body: { idToken: token } })).status).toBe(200)
    expect((await api('POST', '/users/apple', { body: { idToken: token } })).status).toBe(401)
  })
})

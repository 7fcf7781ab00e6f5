import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { startFakeSms, uniqueIp, uniqueMobile } from './helpers/fakeSms'

let payload: Payload
let sms: Awaited<ReturnType<typeof startFakeSms>>
let roles: Awaited<ReturnType<typeof createRoleUsers>>

const e164 = (national: string) => `+91${national}`

async function codeFor(phone: string) {
  const res = await api('POST', '/users/otp/request', {
    body: { phone },
    headers: { 'X-Forwarded-For': uniqueIp() },
  })
  expect(res.status).toBe(202)
  return sms.lastCodeFor(e164(phone))
}

beforeAll(async () => {
  payload = await testPayload()
  sms = await startFakeSms()
  roles = await createRoleUsers(payload)
})

afterAll(async () => {
  await sms.close()
})

describe('POST /api/users/phone/change', () => {
  it('moves a signed-in user to a phone proved by OTP', async () => {
    const user = await createUser(payload, null)
    const phone = uniqueMobile()

    const res = await api('POST', '/users/phone/change', {
      token: user.token,
      body: { currentPassword: TEST_PASSWORD, phone: `0${phone}`, code: await codeFor(phone) },
    })
    expect(res.status).toBe(200)
    expect(res.body.phone).toBe(e164(phone))
    const me = await api('GET', '/users/me', { token: user.token })
    expect(me.body.user.phone).toBe(e164(phone))
    expect(me.body.user.phoneVerified).toBe(true)
  })

  it('needs a sign-in and a good code', async () => {
    const phone = uniqueMobile()
    const code = await codeFor(phone)
    expect((await api('POST', '/users/phone/change', { body: { phone, code } })).status).toBe(401)

    const user = await createUser(payload, null)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    const res = await api('POST', '/users/phone/change', {
      token: user.token,
      body: { currentPassword: TEST_PASSWORD, phone, code: wrong },
    })
    expect(res.status).toBe(401)
    expect(
      (await api('GET', '/users/me', { token: user.token })).body.user.phone ?? null,
    ).toBeNull()
  })

  it('refuses a phone another account has proved, after the code checks out', async () => {
    const phone = uniqueMobile()
    await createUser(payload, null, { phone: e164(phone) })
    const user = await createUser(payload, null)

    const res = await api('POST', '/users/phone/change', {
      token: user.token,
      body: { currentPassword: TEST_PASSWORD, phone, code: await codeFor(phone) },
    })
    expect(res.status).toBe(409)
  })
})

describe('changing the phone field directly', () => {
  it('is refused for a trekker, over REST and GraphQL', async () => {
    const phone = uniqueMobile()
    const user = await createUser(payload, null, { phone: e164(phone) })

    const rest = await api('PATCH', `/users/${user.id}`, {
      token: user.token,
      body: { phone: '+919000000001' },
    })
    expect(rest.status).toBe(403)
    expect(rest.body.errors[0].message).toMatch(/phone\/change/)

    const gql = await graphql(
      `mutation { updateUser(id: ${user.id}, data: { phone: "+919000000002" }) { phone } }`,
      undefined,
      user.token,
    )
    expect(gql.body.errors?.[0]?.message).toMatch(/phone\/change/)

    const row = await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: user.id } },
    })
    expect((row as any).phone).toBe(e164(phone))
  })

  it('lets a trekker save the profile with the phone unchanged', async () => {
    const phone = uniqueMobile()
    const user = await createUser(payload, null, { phone: e164(phone) })
    const res = await api('PATCH', `/users/${user.id}`, {
      token: user.token,
      body: { phone: e164(phone), bio: 'Kedarkantha in winter' },
    })
    expect(res.status).toBe(200)
    expect(res.body.doc.bio).toBe('Kedarkantha in winter')
  })

  it('is refused to cs, whose phone would sign in as the trekker', async () => {
    const user = await createUser(payload, null)
    const res = await api('PATCH', `/users/${user.id}`, {
      token: roles.cs.token,
      body: { phone: e164(uniqueMobile()) },
    })
    expect(res.status).toBe(403)
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: user.id } },
    })) as any
    expect(row.phone ?? null).toBeNull()
  })

  it('is allowed to super_admin, and counts as proved', async () => {
    for (const staff of [roles.super_admin]) {
      const user = await createUser(payload, null)
      const phone = e164(uniqueMobile())
      const res = await api('PATCH', `/users/${user.id}`, { token: staff.token, body: { phone } })
      expect(res.status).toBe(200)
      const row = (await payload.db.findOne({
        collection: 'users',
        where: { id: { equals: user.id } },
      })) as any
      expect(row.phone).toBe(phone)
      expect(row.phoneVerified).toBe(true)
    }
  })

  it('takes a phone typed in any spelling from super_admin, stored in E.164 so OTP finds it', async () => {
    const user = await createUser(payload, null)
    const national = uniqueMobile()
    const spelled = `${national.slice(0, 5)} ${national.slice(5)}`
    const res = await api('PATCH', `/users/${user.id}`, {
      token: roles.super_admin.token,
      body: { phone: spelled },
    })
    expect(res.status).toBe(200)
    expect(res.body.doc.phone).toBe(e164(national))

    const requested = await api('POST', '/users/otp/request', {
      body: { phone: `+91 ${spelled}` },
      headers: { 'X-Forwarded-For': uniqueIp() },
    })
    expect(requested.status).toBe(202)
    const code = sms.lastCodeFor(e164(national))
    const signedIn = await api('POST', '/users/otp/verify', {
      body: { phone: `0${national}`, code },
      headers: { 'X-Forwarded-For': uniqueIp() },
    })
    expect(signedIn.status).toBe(200)
    expect(signedIn.body.user.id).toBe(user.id)
    expect(signedIn.body.isNewUser ?? false).toBe(false)
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { startFakeSms, uniqueIp, uniqueMobile } from './helpers/fakeSms'

let payload: Payload
let sms: Awaited<ReturnType<typeof startFakeSms>>
let roles: Awaited<ReturnType<typeof createRoleUsers>>

const e164 = (national: string) => `+91${national}`

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

function signUp(phone: unknown, email = `${unique('signup')}@obs.test`.toLowerCase()) {
  return api('POST', '/users', {
    body: { email, password: TEST_PASSWORD, firstName: 'Asha', lastName: 'Rawat', phone },
  })
}

async function otpSignIn(phone: string) {
  const sent = await api('POST', '/users/otp/request', {
    body: { phone },
    headers: { 'X-Forwarded-For': uniqueIp() },
  })
  expect(sent.status).toBe(202)
  return api('POST', '/users/otp/verify', {
    body: { phone, code: sms.lastCodeFor(e164(phone)) },
  })
}

beforeAll(async () => {
  payload = await testPayload()
  sms = await startFakeSms()
  roles = await createRoleUsers(payload)
})

afterAll(async () => {
  await sms.close()
})

describe('a phone given at sign-up', () => {
  it('is kept normalised as an unproven pendingPhone, not as the sign-in phone', async () => {
    const national = uniqueMobile()
    const res = await signUp(`0${national.slice(0, 5)} ${national.slice(5)}`)

    expect(res.status).toBe(201)
    const row = await rowOf(res.body.doc.id)
    expect(row.pendingPhone).toBe(e164(national))
    expect(row.phone ?? null).toBeNull()
    expect(row.phoneVerified).toBe(false)

    for (const role of ['ops_manager', 'cs', 'finance'] as const) {
      const seen = await api('GET', `/users/${row.id}`, { token: roles[role].token })
      expect(seen.status).toBe(200)
      expect(seen.body).not.toHaveProperty('pendingPhone')
    }
    const admin = await api('GET', `/users/${row.id}`, { token: roles.super_admin.token })
    expect(admin.body.pendingPhone).toBe(e164(national))
  })

  it('is refused with 400 naming the field when it is not a mobile number', async () => {
    const email = `${unique('badphone')}@obs.test`.toLowerCase()
    const res = await signUp('022 2345 6789', email)

    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe('The following field is invalid: phone')
    expect(res.body.errors[0].data.errors[0]).toEqual({
      path: 'phone',
      message: 'Sign-in codes can only be sent to a mobile number.',
    })
    expect(
      await payload.db.findOne({ collection: 'users', where: { email: { equals: email } } }),
    ).toBeNull()
  })

  it('is optional', async () => {
    const res = await signUp(undefined)
    expect(res.status).toBe(201)
    expect((await rowOf(res.body.doc.id)).pendingPhone ?? null).toBeNull()
  })

  it('goes the same way through GraphQL createUser', async () => {
    const national = uniqueMobile()
    const email = `${unique('gqlsignup')}@obs.test`.toLowerCase()
    const res = await graphql(
      `
        mutation ($data: mutationUserInput!) {
          createUser(data: $data) {
            id
          }
        }
      `,
      { data: { email, password: TEST_PASSWORD, phone: national } },
    )
    expect(res.body.errors).toBeUndefined()
    const row = await rowOf(res.body.data.createUser.id)
    expect(row.pendingPhone).toBe(e164(national))
    expect(row.phone ?? null).toBeNull()
  })

  it('becomes the sign-in phone once its owner proves it by OTP', async () => {
    const national = uniqueMobile()
    const signup = await signUp(national)
    const id = signup.body.doc.id as number
    await payload.db.updateOne({
      collection: 'users',
      id,
      data: { _verified: true },
      returning: false,
    })
    const login = await api('POST', '/users/login', {
      body: { email: signup.body.doc.email, password: TEST_PASSWORD },
    })
    expect(login.status).toBe(200)
    expect(login.body.user.pendingPhone).toBe(e164(national))

    await api('POST', '/users/otp/request', {
      body: { phone: national },
      headers: { 'X-Forwarded-For': uniqueIp() },
    })
    const res = await api('POST', '/users/phone/change', {
      token: login.body.token,
      body: {
        currentPassword: TEST_PASSWORD,
        phone: national,
        code: sms.lastCodeFor(e164(national)),
      },
    })
    expect(res.status).toBe(200)
    const row = await rowOf(id)
    expect(row.phone).toBe(e164(national))
    expect(row.phoneVerified).toBe(true)
    expect(row.pendingPhone ?? null).toBeNull()
  })
})

describe('someone claiming a victim’s phone at sign-up', () => {
  it('gets the same answer whether or not the phone has an account', async () => {
    const owned = uniqueMobile()
    await createUser(payload, null, { phone: e164(owned) })
    const free = uniqueMobile()

    const a = await signUp(owned)
    const b = await signUp(free)
    expect(a.status).toBe(201)
    expect(b.status).toBe(201)
    expect(Object.keys(a.body.doc).sort()).toEqual(Object.keys(b.body.doc).sort())
    expect(a.body.doc).not.toHaveProperty('pendingPhone')
    expect(a.body.doc.phone ?? null).toBeNull()
  })

  it('does not sign in as, or block, the victim who already proved the phone', async () => {
    const phone = uniqueMobile()
    const victim = await createUser(payload, null, { phone: e164(phone) })
    const claim = await signUp(phone)

    const res = await otpSignIn(phone)
    expect(res.status).toBe(200)
    expect(res.body.isNewUser).toBe(false)
    expect(res.body.user.id).toBe(victim.id)
    const claimer = await rowOf(claim.body.doc.id)
    expect(claimer.pendingPhone ?? null).toBeNull()
    expect(claimer.phone ?? null).toBeNull()
  })

  it('gives a phone new to us to whoever proves it, never to the claimer', async () => {
    const phone = uniqueMobile()
    const claim = await signUp(phone)

    const res = await otpSignIn(phone)
    expect(res.status).toBe(200)
    expect(res.body.isNewUser).toBe(true)
    expect(res.body.user.id).not.toBe(claim.body.doc.id)
    expect(res.body.user.phone).toBe(e164(phone))
    expect((await rowOf(claim.body.doc.id)).pendingPhone ?? null).toBeNull()
    expect((await rowOf(res.body.user.id)).phoneVerified).toBe(true)
  })

  it('cannot move the claim to the sign-in phone without the code', async () => {
    const phone = uniqueMobile()
    const claim = await signUp(phone)
    await payload.db.updateOne({
      collection: 'users',
      id: claim.body.doc.id,
      data: { _verified: true },
      returning: false,
    })
    const login = await api('POST', '/users/login', {
      body: { email: claim.body.doc.email, password: TEST_PASSWORD },
    })
    const res = await api('POST', '/users/phone/change', {
      token: login.body.token,
      body: { currentPassword: TEST_PASSWORD, phone, code: '000000' },
    })
    expect(res.status).toBe(401)
    expect((await rowOf(claim.body.doc.id)).phone ?? null).toBeNull()
  })

  it('lets a super_admin create an account with a phone they vouch for', async () => {
    const phone = e164(uniqueMobile())
    const res = await api('POST', '/users', {
      token: roles.super_admin.token,
      body: {
        email: `${unique('vouched')}@obs.test`.toLowerCase(),
        password: TEST_PASSWORD,
        phone,
      },
    })
    expect(res.status).toBe(201)
    const row = await rowOf(res.body.doc.id)
    expect(row.phone).toBe(phone)
    expect(row.phoneVerified).toBe(true)
    expect(row.pendingPhone ?? null).toBeNull()
  })
})

import { randomBytes } from 'node:crypto'

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { uniqueIp } from './helpers/fakeSms'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

/** A well-formed address of exactly `length` characters, random so no two tests share one. */
const addressOfLength = (length: number) => {
  const domain = '@obs.test'
  const local = randomBytes(length * 2)
    .toString('base64')
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, length - domain.length)
    .toLowerCase()
  return `${local}${domain}`
}

const LENGTH_MESSAGE = 'An e-mail address has at most 254 characters'

const signUp = (email: string) =>
  api('POST', '/users', {
    body: { email, password: 'Length-check-pass-1', firstName: 'Len', lastName: 'Gth' },
    headers: { 'X-Forwarded-For': uniqueIp() },
  })

describe('an account e-mail is at most 254 characters (RFC 5321)', () => {
  it('signs up with a 254-character address and refuses 255 naming the field', async () => {
    const longest = addressOfLength(254)
    const accepted = await signUp(longest)
    expect(accepted.status).toBe(201)
    expect(accepted.body.doc.email).toBe(longest)

    const refused = await signUp(addressOfLength(255))
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].data.errors).toEqual([
      expect.objectContaining({ path: 'email', message: LENGTH_MESSAGE }),
    ])
  })

  it('refuses a 2,800-character address with 400 and stores no account', async () => {
    const address = addressOfLength(2800)
    const refused = await signUp(address)

    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].data.errors[0].path).toBe('email')
    const stored = await payload.db.count({
      collection: 'users',
      where: { email: { equals: address } },
    })
    expect(stored.totalDocs).toBe(0)
  })

  it('refuses it through GraphQL createUser as a 400 naming the field', async () => {
    const res = await graphql(
      `
        mutation ($email: String!) {
          createUser(data: { email: $email, password: "Length-check-pass-1" }) {
            id
          }
        }
      `,
      { email: addressOfLength(2800) },
    )

    expect(res.body.errors?.[0].extensions).toMatchObject({
      statusCode: 400,
      data: { errors: [expect.objectContaining({ path: 'email', message: LENGTH_MESSAGE })] },
    })
  })

  it('refuses a super admin’s change of an account to an over-long address', async () => {
    const account = await createUser(payload, null)
    const res = await api('PATCH', `/users/${account.id}`, {
      token: roles.super_admin.token,
      body: { currentPassword: TEST_PASSWORD, email: addressOfLength(2800) },
    })

    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors[0]).toMatchObject({ path: 'email' })
    const row = await payload.db.findOne<{ id: number; email: string }>({
      collection: 'users',
      where: { id: { equals: account.id } },
    })
    expect(row?.email).toBe(account.email)
  })

  it('refuses an own change to an over-long address without holding it', async () => {
    const account = await createUser(payload, null)
    const res = await api('PATCH', `/users/${account.id}`, {
      token: account.token,
      body: { currentPassword: TEST_PASSWORD, email: addressOfLength(255) },
    })

    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors[0]).toMatchObject({ path: 'email' })
    const row = await payload.db.findOne<{ id: number; pendingEmail: string | null }>({
      collection: 'users',
      where: { id: { equals: account.id } },
    })
    expect(row?.pendingEmail).toBeNull()
  })

  it('answers a sign-in with an over-long address like any wrong address', async () => {
    const rest = await api('POST', '/users/login', {
      body: { email: addressOfLength(2800), password: 'Length-check-pass-1' },
    })
    expect(rest.status).toBe(401)

    const gql = await graphql(
      `
        mutation ($email: String!) {
          loginUser(email: $email, password: "Length-check-pass-1") {
            token
          }
        }
      `,
      { email: addressOfLength(2800) },
    )
    expect(gql.body.errors?.[0].extensions.statusCode).toBe(401)
  })
})

describe('an emergency contact’s e-mail is at most 254 characters', () => {
  it('refuses a longer one naming the field', async () => {
    const res = await api('POST', '/emergency-contacts', {
      token: roles.trekker.token,
      body: {
        name: 'Asha',
        relationship: 'Sister',
        phone: '+919812345678',
        email: addressOfLength(255),
      },
    })

    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors).toEqual([
      expect.objectContaining({ path: 'email', message: LENGTH_MESSAGE }),
    ])
  })
})

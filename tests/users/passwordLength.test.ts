import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

/** Every way a password is chosen refuses one under 8 characters, before anything is written. */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

const TOO_SHORT = { path: 'password', message: 'Use a password of at least 8 characters.' }

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const signIn = (email: string, password: string) =>
  api('POST', '/users/login', { body: { email, password } })

describe('a password under 8 characters', () => {
  it('is refused at sign-up, REST and GraphQL, and no account is made', async () => {
    const email = `${unique('short')}@obs.test`.toLowerCase()
    const rest = await api('POST', '/users', {
      body: { email, password: 'Seven-7', firstName: 'S', lastName: 'P' },
    })
    expect(rest.status).toBe(400)
    expect(rest.body.errors[0].data.errors).toEqual([TOO_SHORT])

    const viaGraphql = await graphql(
      `
        mutation ($data: mutationUserInput!) {
          createUser(data: $data) {
            id
          }
        }
      `,
      { data: { email, password: 'Seven-7', firstName: 'S', lastName: 'P' } },
    )
    expect(viaGraphql.body.errors?.[0].extensions?.data?.errors).toEqual([TOO_SHORT])
    const { totalDocs } = await payload.count({
      collection: 'users',
      where: { email: { equals: email } },
      overrideAccess: true,
    })
    expect(totalDocs).toBe(0)

    const eight = await api('POST', '/users', {
      body: { email, password: 'Eight-88', firstName: 'S', lastName: 'P' },
    })
    expect(eight.status).toBe(201)
  })

  it('is refused for one’s own change and a super admin’s, and the old password stays', async () => {
    const owner = await createUser(payload, null)
    const own = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { password: 'short', currentPassword: TEST_PASSWORD },
    })
    expect(own.status).toBe(400)
    expect(own.body.errors[0].data.errors).toEqual([TOO_SHORT])
    const bySuperAdmin = await api('PATCH', `/users/${owner.id}`, {
      token: roles.super_admin.token,
      body: { password: 'short' },
    })
    expect(bySuperAdmin.status).toBe(400)
    expect((await signIn(owner.email, TEST_PASSWORD)).status).toBe(200)
  })

  it('is refused by the reset link, which then still works', async () => {
    const owner = await createUser(payload, null)
    await api('POST', '/users/forgot-password', { body: { email: owner.email } })
    const token = (await rowOf(owner.id)).resetPasswordToken as string
    const short = await api('POST', '/users/reset-password', {
      body: { token, password: 'Short-1' },
    })
    expect(short.status).toBe(400)
    expect(short.body.errors[0].data.errors).toEqual([TOO_SHORT])
    expect((await signIn(owner.email, TEST_PASSWORD)).status).toBe(200)

    const reset = await api('POST', '/users/reset-password', {
      body: { token, password: 'Long-enough-1' },
    })
    expect(reset.status).toBe(200)
    expect((await signIn(owner.email, 'Long-enough-1')).status).toBe(200)
  })
})

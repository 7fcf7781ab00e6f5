import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

/** Found by an adversarial review: cs could set a super admin's password and sign in as them. */
describe('credentials stay with their owner', () => {
  let payload: Payload
  let roles: Awaited<ReturnType<typeof createRoleUsers>>

  beforeAll(async () => {
    payload = await testPayload()
    roles = await createRoleUsers(payload)
  })

  it('refuses cs setting a trekker’s password or e-mail, over REST and GraphQL', async () => {
    const trekker = await createUser(payload, null)

    const password = await api('PATCH', `/users/${trekker.id}`, {
      token: roles.cs.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Cs-chosen-123!' },
    })
    const email = await graphql(
      `
        mutation ($id: Int!) {
          updateUser(id: $id, data: { email: "cs-mailbox@obs.test" }) {
            id
          }
        }
      `,
      { id: trekker.id },
      roles.cs.token,
    )
    const login = await api('POST', '/users/login', {
      body: { email: trekker.email, password: 'Cs-chosen-123!' },
    })

    expect(password.status).toBe(403)
    expect(password.body.errors[0].message).toMatch(
      /Only the account holder can change the password/,
    )
    expect(email.body.errors?.[0].message).toMatch(/Only the account holder can change the e-mail/)
    expect(login.status).toBe(401)
    const row = await payload.findByID({
      collection: 'users',
      id: trekker.id,
      overrideAccess: true,
    })
    expect(row.email).toBe(trekker.email)
  })

  it('still lets cs correct a trekker’s profile, re-sending the unchanged e-mail as the admin does', async () => {
    const trekker = await createUser(payload, null)

    const res = await api('PATCH', `/users/${trekker.id}`, {
      token: roles.cs.token,
      body: { currentPassword: TEST_PASSWORD, firstName: 'Corrected', email: trekker.email },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc.firstName).toBe('Corrected')
  })

  it('refuses cs editing another staff account at all', async () => {
    const res = await api('PATCH', `/users/${roles.super_admin.id}`, {
      token: roles.cs.token,
      body: { firstName: 'Hijacked' },
    })
    const login = await api('POST', '/users/login', {
      body: { email: roles.super_admin.email, password: TEST_PASSWORD },
    })

    expect([403, 404]).toContain(res.status)
    expect(login.status).toBe(200)
    expect(login.body.user.firstName).not.toBe('Hijacked')
  })

  it('lets the owner change their own password', async () => {
    const trekker = await createUser(payload, null)

    const res = await api('PATCH', `/users/${trekker.id}`, {
      token: trekker.token,
      body: { currentPassword: TEST_PASSWORD, password: 'My-new-password-9' },
    })
    const login = await api('POST', '/users/login', {
      body: { email: trekker.email, password: 'My-new-password-9' },
    })

    expect(res.status).toBe(200)
    expect(login.status).toBe(200)
  })
})

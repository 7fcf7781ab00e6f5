import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { uniqueIp } from './helpers/fakeSms'

/**
 * A reset by the mailed link proves the inbox and marks the address verified; nothing else in
 * the same request does, even when GraphQL runs it in one document with the reset.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

async function unverifiedSignUp() {
  const res = await api('POST', '/users', {
    body: {
      email: `${unique('unproven')}@obs.test`,
      password: 'Sign-up-pass-123',
      firstName: 'Un',
      lastName: 'Proven',
    },
    headers: { 'X-Forwarded-For': uniqueIp() },
  })
  expect(res.status).toBe(201)
  return res.body.doc as { id: number; email: string }
}

describe('a refused reset in a GraphQL document', () => {
  it('leaves a later update in the same document unable to verify an address', async () => {
    const account = await unverifiedSignUp()
    const res = await graphql(
      `mutation {
        resetPasswordUser(token: "not-a-real-token", password: "Whatever-pass-1") { token }
        updateUser(id: ${account.id}, data: { bio: "Edited by staff" }) { id bio }
      }`,
      undefined,
      roles.super_admin.token,
    )

    expect(res.body.data?.updateUser).toEqual({ id: account.id, bio: 'Edited by staff' })
    expect((await rowOf(account.id))._verified).toBe(false)
  })

  it('a GraphQL reset by the mailed link verifies the account it resets', async () => {
    const account = await unverifiedSignUp()
    await api('POST', '/users/forgot-password', { body: { email: account.email } })
    const token = (await rowOf(account.id)).resetPasswordToken as string
    const res = await graphql(
      `mutation { resetPasswordUser(token: "${token}", password: "Reset-pass-12345") { token } }`,
    )

    expect(res.body.errors).toBeUndefined()
    expect((await rowOf(account.id))._verified).toBe(true)
  })
})

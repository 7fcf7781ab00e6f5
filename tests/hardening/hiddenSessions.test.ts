import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createUser, TEST_PASSWORD, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let trekker: TestUser
let admin: TestUser

describe("Payload's session list never leaves the server", () => {
  beforeAll(async () => {
    payload = await testPayload()
    trekker = await createUser(payload, null)
    admin = await createUser(payload, 'super_admin')
  })

  it('is absent from login, me, read by id, list and update responses', async () => {
    const login = await api('POST', '/users/login', {
      body: { email: trekker.email, password: TEST_PASSWORD },
    })
    const token = login.body.token
    const me = await api('GET', '/users/me', { token })
    const byId = await api('GET', `/users/${trekker.id}`, { token })
    const list = await api('GET', '/users', { token })
    const patched = await api('PATCH', `/users/${trekker.id}`, {
      token,
      body: { bio: 'Walks a lot' },
    })
    const asAdmin = await api('GET', `/users/${trekker.id}`, { token: admin.token })

    expect(login.status).toBe(200)
    expect(me.body.user.id).toBe(trekker.id)
    expect(patched.status).toBe(200)
    for (const user of [
      login.body.user,
      me.body.user,
      byId.body,
      list.body.docs[0],
      patched.body.doc,
      asAdmin.body,
    ]) {
      expect(user).toBeDefined()
      expect(user).not.toHaveProperty('sessions')
    }
    const stored = await payload.db.findOne<{ id: number; sessions: unknown[] }>({
      collection: 'users',
      where: { id: { equals: trekker.id } },
    })
    expect(stored?.sessions?.length).toBeGreaterThanOrEqual(2)
  })

  it('cannot be read through GraphQL, nor planted by a client', async () => {
    const me = await graphql(
      `
        query ($id: Int!) {
          User(id: $id) {
            id
            sessions {
              id
            }
          }
        }
      `,
      { id: trekker.id },
      trekker.token,
    )
    await api('PATCH', `/users/${trekker.id}`, {
      token: trekker.token,
      body: { sessions: [{ id: 'planted', expiresAt: '2099-01-01T00:00:00.000Z' }] },
    })

    expect(me.body.data?.User?.sessions ?? null).toBeNull()
    const stored = await payload.db.findOne<{ id: number; sessions: Array<{ id: string }> }>({
      collection: 'users',
      where: { id: { equals: trekker.id } },
    })
    expect(stored?.sessions?.map((session) => session.id)).not.toContain('planted')
    const stillSignedIn = await api('GET', '/users/me', { token: trekker.token })
    expect(stillSignedIn.body.user?.id).toBe(trekker.id)
  })
})

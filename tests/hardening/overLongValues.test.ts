import { randomBytes } from 'node:crypto'

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  users = await createRoleUsers(payload)
})

/** Random letters and digits, so PostgreSQL cannot compress the index entry below its limit. */
const randomText = (length: number) =>
  randomBytes(length * 2)
    .toString('base64')
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, length)

const TOO_LONG = 'A value in the request is too long to be stored'

const storedPreferences = async (key: string) =>
  (await payload.db.count({ collection: 'payload-preferences', where: { key: { equals: key } } }))
    .totalDocs

describe('a value past PostgreSQL’s index limit is a 400, never a 500', () => {
  // Preference keys have no length limit of their own, so they reach the index and its
  // "index row size exceeds btree maximum" (SQLSTATE 54000).
  it('REST: a staff preference under a 3,000-character key', async () => {
    const key = randomText(3000)
    const res = await api('POST', `/payload-preferences/${key}`, {
      token: users.super_admin.token,
      body: { value: { columns: [] } },
    })

    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([{ message: TOO_LONG }])
    expect(await storedPreferences(key)).toBe(0)
  })

  it('GraphQL: a staff preference under a 3,000-character key', async () => {
    const key = randomText(3000)
    const res = await graphql(
      `
        mutation ($key: String!, $user: PayloadPreference_UserRelationshipInput!) {
          createPayloadPreference(data: { key: $key, value: {}, user: $user }) {
            id
          }
        }
      `,
      { key, user: { relationTo: 'users', value: users.super_admin.id } },
      users.super_admin.token,
    )

    expect(res.body.errors?.[0]).toMatchObject({
      message: TOO_LONG,
      extensions: { statusCode: 400 },
    })
    expect(await storedPreferences(key)).toBe(0)
  })
})

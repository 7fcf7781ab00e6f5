import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { refusal, signedInRoles, type Role } from './roles'
import { notAllowedFor } from './gql'

/**
 * Payload's `payload-preferences` hold what the admin remembers for each admin user
 * (columns, open groups). Only staff use the admin, so only staff keep preferences, and
 * each sees and changes only their own.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof signedInRoles>>

const STAFF: Role[] = ['content', 'ops_manager', 'cs', 'finance', 'guide', 'super_admin']
const OUTSIDERS: Role[] = ['anonymous', 'trekker']

const stored = async (key: string) =>
  (
    await payload.find({
      collection: 'payload-preferences',
      where: { key: { equals: key } },
      depth: 0,
      overrideAccess: true,
    })
  ).docs as any[]

/** Stored as the admin does it, through the key route with the staff member's token. */
const storeAs = async (role: Role, key: string, value: unknown) => {
  const res = await api('POST', `/payload-preferences/${key}`, {
    token: roles.token(role),
    body: { value },
  })
  expect(res.status).toBe(200)
  return res.body.doc as { id: number }
}

beforeAll(async () => {
  payload = await testPayload()
  roles = await signedInRoles(payload)
})

describe('admin preferences through REST', () => {
  it.each(OUTSIDERS)('%s cannot store, read or delete a preference by key', async (role) => {
    const key = unique('notes')
    const write = await api('POST', `/payload-preferences/${key}`, {
      token: roles.token(role),
      body: { value: { blob: 'x'.repeat(100_000) } },
    })
    const read = await api('GET', `/payload-preferences/${key}`, { token: roles.token(role) })
    const remove = await api('DELETE', `/payload-preferences/${key}`, { token: roles.token(role) })
    expect([write.status, read.status, remove.status]).toEqual([
      refusal(role),
      refusal(role),
      refusal(role),
    ])
    expect(await stored(key)).toEqual([])
  })

  it.each(OUTSIDERS)('%s cannot use the collection routes either', async (role) => {
    const key = unique('notes')
    const create = await api('POST', '/payload-preferences?depth=0', {
      token: roles.token(role),
      body: { key, value: { blob: 'x' } },
    })
    const list = await api('GET', '/payload-preferences?depth=0', { token: roles.token(role) })
    expect([create.status, list.status]).toEqual([refusal(role), refusal(role)])
    expect(await stored(key)).toEqual([])
  })

  it('a trekker cannot read, change or delete a staff member’s preference', async () => {
    const key = unique('columns')
    const pref = await storeAs('ops_manager', key, { columns: ['name'] })
    const read = await api('GET', `/payload-preferences/${pref.id}?depth=0`, {
      token: roles.token('trekker'),
    })
    const change = await api('PATCH', `/payload-preferences/${pref.id}?depth=0`, {
      token: roles.token('trekker'),
      body: { value: { columns: [] } },
    })
    const remove = await api('DELETE', `/payload-preferences/${pref.id}`, {
      token: roles.token('trekker'),
    })
    expect([read.status, change.status, remove.status]).toEqual([403, 403, 403])
    expect((await stored(key)).map((row) => row.value)).toEqual([{ columns: ['name'] }])
  })

  it.each(STAFF)('%s stores, reads and deletes their own preference', async (role) => {
    const key = unique('collection-treks')
    const write = await api('POST', `/payload-preferences/${key}`, {
      token: roles.token(role),
      body: { value: { columns: ['name', 'status'] } },
    })
    expect(write.status).toBe(200)
    const read = await api('GET', `/payload-preferences/${key}`, { token: roles.token(role) })
    expect(read.status).toBe(200)
    expect(read.body.value).toEqual({ columns: ['name', 'status'] })
    expect((await stored(key)).map((row) => row.user.value)).toEqual([roles.users[role as 'cs'].id])

    const remove = await api('DELETE', `/payload-preferences/${key}`, { token: roles.token(role) })
    expect(remove.status).toBe(200)
    expect(await stored(key)).toEqual([])
  })

  it('staff see only their own preferences in the collection list', async () => {
    const key = unique('shared-key')
    const own = await storeAs('cs', key, { mine: true })
    await storeAs('ops_manager', key, { mine: false })
    const list = await api('GET', `/payload-preferences?where[key][equals]=${key}&depth=0`, {
      token: roles.token('cs'),
    })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((doc: any) => doc.id)).toEqual([own.id])
  })
})

describe('admin preferences through GraphQL', () => {
  it.each(OUTSIDERS)('%s can neither create nor list preferences', async (role) => {
    const key = unique('gql-notes')
    const created = await graphql(
      `mutation { createPayloadPreference(data: { key: "${key}", value: { blob: "x" } }) { id } }`,
      {},
      roles.token(role),
    )
    const listed = await graphql(
      `
        {
          PayloadPreferences {
            docs {
              id
            }
          }
        }
      `,
      {},
      roles.token(role),
    )
    expect(created.body.errors?.[0]?.message).toBe(notAllowedFor(role))
    expect(listed.body.errors?.[0]?.message).toBe(notAllowedFor(role))
    expect(await stored(key)).toEqual([])
  })

  it('staff list their own preferences only', async () => {
    const key = unique('gql-shared')
    const own = await storeAs('content', key, { mine: true })
    await storeAs('super_admin', key, { mine: false })
    const listed = await graphql(
      `{ PayloadPreferences(where: { key: { equals: "${key}" } }) { docs { id } } }`,
      {},
      roles.token('content'),
    )
    expect(listed.body.errors).toBeUndefined()
    expect(listed.body.data.PayloadPreferences.docs).toEqual([{ id: own.id }])
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { book, bookableBatch, payInFull, readyTrekker } from '../bookings/support'
import { createTrip } from '../emergency/trip'
import { api, graphql } from '../helpers/api'
import {
  createRoleUsers,
  createUser,
  TEST_PASSWORD,
  unique,
  type TestUser,
} from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

/** Every object anywhere in a response body that carries a `sessions` key, by its path. */
function sessionPaths(value: unknown, path = 'body'): string[] {
  if (!value || typeof value !== 'object') {
    return []
  }
  const own = !Array.isArray(value) && 'sessions' in value ? [path] : []
  return [
    ...own,
    ...Object.entries(value).flatMap(([key, child]) => sessionPaths(child, `${path}.${key}`)),
  ]
}

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

describe('custom endpoints that answer with populated users carry no session list', () => {
  let roles: Awaited<ReturnType<typeof createRoleUsers>>

  beforeAll(async () => {
    roles = await createRoleUsers(payload)
  })

  it('POST /api/bookings/:id/cancel, as cs and as the owner; offline payment as finance', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 45, price: 9000 })
    const owner = await readyTrekker(payload)
    const paidId = (await book(owner.token, batch.id)).body.doc.id as number
    const paid = await payInFull(payload, roles.finance.token, paidId)
    const byDesk = await api('POST', `/bookings/${paidId}/cancel`, {
      token: roles.cs.token,
      body: { reason: 'Knee injury' },
    })
    const ownId = (await book(owner.token, batch.id)).body.doc.id as number
    const byOwner = await api('POST', `/bookings/${ownId}/cancel`, { token: owner.token, body: {} })

    expect(paid.status).toBe(201)
    expect(paid.body.doc.user.id).toBe(owner.id)
    expect(byDesk.status).toBe(200)
    expect(byDesk.body.doc.user).toMatchObject({ id: owner.id, email: owner.email })
    expect(byDesk.body.doc.cancelledBy).toMatchObject({ id: roles.cs.id })
    expect(byOwner.status).toBe(200)
    expect(byOwner.body.doc).toMatchObject({ status: 'cancelled', user: { id: owner.id } })
    for (const res of [paid, byDesk, byOwner]) {
      expect(sessionPaths(res.body)).toEqual([])
    }
  })

  it('POST /api/incidents (SOS) answers with the trekker populated but no session list', async () => {
    const trip = await createTrip(payload)

    const res = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: unique('sos'), batch: trip.batch.id },
    })

    expect(res.status).toBe(201)
    expect(sessionPaths(res.body)).toEqual([])
  })

  it('is dropped even from server reads with access overridden, at any depth', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 45, price: 9000 })
    const owner = await readyTrekker(payload)
    const id = (await book(owner.token, batch.id)).body.doc.id as number

    const booking = await payload.findByID({
      collection: 'bookings',
      id,
      depth: 2,
      overrideAccess: true,
      showHiddenFields: true,
    })
    const user = await payload.findByID({
      collection: 'users',
      id: owner.id,
      overrideAccess: true,
      showHiddenFields: true,
    })

    expect((booking.user as { id: number }).id).toBe(owner.id)
    expect(sessionPaths(booking)).toEqual([])
    expect(user).not.toHaveProperty('sessions')
    const stored = await payload.db.findOne<{ id: number; sessions: unknown[] }>({
      collection: 'users',
      where: { id: { equals: owner.id } },
    })
    expect(stored?.sessions?.length).toBeGreaterThanOrEqual(1)
    expect((await api('GET', '/users/me', { token: owner.token })).body.user?.id).toBe(owner.id)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let cs: TestUser

/** An admin edit lock on the user's own document, held by `holder`. */
const lockUser = (userId: number, holder: number) =>
  payload.create({
    collection: 'payload-locked-documents',
    data: {
      document: { relationTo: 'users', value: userId },
      user: { relationTo: 'users', value: holder },
    } as any,
    overrideAccess: true,
  })

const locksOn = async (userId: number) =>
  (
    await payload.find({
      collection: 'payload-locked-documents',
      where: {
        and: [
          { 'document.relationTo': { equals: 'users' } },
          { 'document.value': { equals: userId } },
        ],
      },
      overrideAccess: true,
    })
  ).totalDocs

// The check now runs inside the update's transaction (the embedded database stalled on it);
// these pin that Payload's lock rules still hold over REST.
describe('admin edit locks on a REST update', () => {
  beforeAll(async () => {
    payload = await testPayload()
    cs = await createUser(payload, 'cs')
  })

  it('refuses an update while someone else holds a fresh lock, and keeps the lock', async () => {
    const trekker = await createUser(payload, null)
    await lockUser(trekker.id, cs.id)

    const res = await api('PATCH', `/users/${trekker.id}`, {
      token: trekker.token,
      body: { firstName: 'Ravi' },
    })

    expect(res.status).toBe(423)
    expect(res.body.errors[0].message).toBe(
      `Document with ID ${trekker.id} is currently locked by another user and cannot be updated.`,
    )
    expect(await locksOn(trekker.id)).toBe(1)
    const row = await payload.findByID({
      collection: 'users',
      id: trekker.id,
      overrideAccess: true,
    })
    expect(row.firstName).toBe('Test')
  })

  it("applies the holder's own update and clears the lock", async () => {
    const trekker = await createUser(payload, null)
    await lockUser(trekker.id, trekker.id)

    const res = await api('PATCH', `/users/${trekker.id}`, {
      token: trekker.token,
      body: { firstName: 'Ravi' },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc.firstName).toBe('Ravi')
    expect(await locksOn(trekker.id)).toBe(0)
  })

  it('applies an update with no lock at all', async () => {
    const trekker = await createUser(payload, null)

    const res = await api('PATCH', `/users/${trekker.id}`, {
      token: trekker.token,
      body: { firstName: 'Ravi' },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc.firstName).toBe('Ravi')
  })

  it('lets a bulk update through when nobody else holds a lock, and clears the locks', async () => {
    const trekker = await createUser(payload, null)
    await lockUser(trekker.id, trekker.id)

    const res = await api('PATCH', `/users?where[id][equals]=${trekker.id}`, {
      token: trekker.token,
      body: { firstName: 'Ravi' },
    })

    expect(res.status).toBe(200)
    expect(res.body.docs.map((doc: { firstName: string }) => doc.firstName)).toEqual(['Ravi'])
    expect(await locksOn(trekker.id)).toBe(0)
  })

  it("leaves a bulk update of a document someone else holds to Payload's per-document refusal", async () => {
    const trekker = await createUser(payload, null)
    await lockUser(trekker.id, cs.id)

    const res = await api('PATCH', `/users?where[id][equals]=${trekker.id}`, {
      token: trekker.token,
      body: { firstName: 'Ravi' },
    })

    expect(res.body.docs).toEqual([])
    expect(res.body.errors[0].message).toBe(
      `Document with ID ${trekker.id} is currently locked by another user and cannot be updated.`,
    )
    const row = await payload.findByID({
      collection: 'users',
      id: trekker.id,
      overrideAccess: true,
    })
    expect(row.firstName).toBe('Test')
    expect(await locksOn(trekker.id)).toBe(1)
  })
})

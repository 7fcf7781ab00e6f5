import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { fieldErrors, makeBatch, makeGuide, makeRegion, makeTrek } from './builders'

/**
 * A guide card's account receives the SOS of the card's batches (review round 23): it must be a
 * guide's, and stays one while the card leads a batch that has not ended.
 */
let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>
let regionId: number

beforeAll(async () => {
  payload = await testPayload()
  users = await createRoleUsers(payload)
  regionId = (await makeRegion(payload)).id
})

const cardOf = async (id: number) =>
  (await payload.findByID({ collection: 'guides', id, depth: 0, overrideAccess: true })).user ??
  null

describe('the account a guide card links', () => {
  it('refuses a trekker’s or another staff role’s account, on create and on edit, naming user', async () => {
    const trekker = await createUser(payload, null)
    const created = await api('POST', '/guides', {
      token: users.ops_manager.token,
      body: { name: unique('Guide'), user: trekker.id, isActive: true },
    })
    expect(created.status).toBe(400)
    expect(Object.keys(fieldErrors(created))).toEqual(['user'])

    const card = await makeGuide(payload)
    const edited = await api('PATCH', `/guides/${card.id}`, {
      token: users.ops_manager.token,
      body: { user: users.cs.id },
    })
    expect(edited.status).toBe(400)
    expect(Object.keys(fieldErrors(edited))).toEqual(['user'])
    expect(await cardOf(card.id)).toBeNull()
  })

  it('links a guide’s account', async () => {
    const guide = await createUser(payload, 'guide')
    const created = await api('POST', '/guides?depth=0', {
      token: users.ops_manager.token,
      body: { name: unique('Guide'), user: guide.id, isActive: true },
    })
    expect(created.status).toBe(201)
    expect(created.body.doc.user).toBe(guide.id)
  })
})

describe('a linked guide whose role is taken away', () => {
  const linkedGuide = async () => {
    const account = await createUser(payload, 'guide')
    const card = await makeGuide(payload, { user: account.id })
    const trek = await makeTrek(payload, { region: regionId })
    return { account, card, trek }
  }

  it('is refused while the card leads a batch that has not ended, and keeps the link', async () => {
    const { account, card, trek } = await linkedGuide()
    await makeBatch(payload, trek.id, 30, { guide: card.id, status: 'open' })

    const res = await api('PATCH', `/users/${account.id}`, {
      token: users.super_admin.token,
      body: { staffRole: null },
    })

    expect(res.status).toBe(400)
    expect(Object.keys(fieldErrors(res))).toEqual(['staffRole'])
    const after = await payload.findByID({
      collection: 'users',
      id: account.id,
      overrideAccess: true,
    })
    expect(after.staffRole).toBe('guide')
    expect(await cardOf(card.id)).toBe(account.id)
  })

  it('unlinks the card once its batches are all completed or cancelled', async () => {
    const { account, card, trek } = await linkedGuide()
    await makeBatch(payload, trek.id, -30, { guide: card.id, status: 'completed' })

    const res = await api('PATCH', `/users/${account.id}`, {
      token: users.super_admin.token,
      body: { staffRole: 'cs' },
    })

    expect(res.status).toBe(200)
    expect(await cardOf(card.id)).toBeNull()
  })
})

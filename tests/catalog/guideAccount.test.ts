import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { relationId } from '@/shared/relationId'

import { createTrip } from '../emergency/trip'
import { api } from '../helpers/api'
import { createRoleUsers, createUser, unique } from '../helpers/fixtures'
import { raceBehindHeldRow } from '../helpers/lockWaits'
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

/**
 * A card's edit (`cardEdit`) and its assignment to a booked departure at the same moment: both
 * take the account's lock, so one sees the other. Held in place each way round by a second
 * connection holding a row the first request waits on: holding the account, the assignment
 * queues on it first; holding the card, the edit does.
 */
async function editRacingAssignment(cardEdit: Record<string, unknown>, held: 'users' | 'guides') {
  const trip = await createTrip(payload)
  const account = await createUser(payload, 'guide')
  const card = await makeGuide(payload, { user: account.id })
  const edit = () =>
    api('PATCH', `/guides/${card.id}`, { token: users.ops_manager.token, body: cardEdit })
  const assign = () =>
    api('PATCH', `/batches/${trip.batch.id}`, {
      token: users.ops_manager.token,
      body: { guide: card.id },
    })
  const [first, second] = await raceBehindHeldRow(
    held === 'users'
      ? { table: 'users', id: account.id, queued: assign, racing: edit }
      : { table: 'guides', id: card.id, queued: edit, racing: assign },
  )
  const [assigned, edited] = held === 'users' ? [first, second] : [second, first]
  const read = { depth: 0, overrideAccess: true } as const
  const batch = await payload.findByID({ collection: 'batches', id: trip.batch.id, ...read })
  const cardNow = await payload.findByID({ collection: 'guides', id: card.id, ...read })
  return {
    assigned,
    edited,
    ledByCard: relationId(batch.guide) === card.id,
    card,
    account,
    cardNow,
  }
}

/** Round 31's race, by the card's side: its unlink. */
describe('a guide card unlinked while ops give it a booked departure', () => {
  it('refuses the unlink when the assignment went first', async () => {
    const { assigned, edited, ledByCard, card, account } = await editRacingAssignment(
      { user: null },
      'users',
    )
    expect([assigned.status, edited.status]).toEqual([200, 400])
    expect(Object.keys(fieldErrors(edited))).toEqual(['user'])
    expect(ledByCard).toBe(true)
    expect(await cardOf(card.id)).toBe(account.id)
  })

  it('refuses the assignment when the unlink went first', async () => {
    const { assigned, edited, ledByCard, card } = await editRacingAssignment(
      { user: null },
      'guides',
    )
    expect([assigned.status, edited.status]).toEqual([400, 200])
    expect(Object.keys(fieldErrors(assigned))).toEqual(['guide'])
    expect(ledByCard).toBe(false)
    expect(await cardOf(card.id)).toBeNull()
  })
})

/**
 * Its retirement (leadingGuideStaysActive, guideCardReachesGuide): a booked departure is never
 * left led by a retired card.
 */
describe('a guide card retired while ops give it a booked departure', () => {
  it('refuses the retirement when the assignment went first', async () => {
    const { assigned, edited, ledByCard, cardNow } = await editRacingAssignment(
      { isActive: false },
      'users',
    )
    expect([assigned.status, edited.status]).toEqual([200, 400])
    expect(Object.keys(fieldErrors(edited))).toEqual(['isActive'])
    expect({ ledByCard, active: cardNow.isActive }).toEqual({ ledByCard: true, active: true })
  })

  it('refuses the assignment when the retirement went first', async () => {
    const { assigned, edited, ledByCard, cardNow } = await editRacingAssignment(
      { isActive: false },
      'guides',
    )
    expect([assigned.status, edited.status]).toEqual([400, 200])
    expect(Object.keys(fieldErrors(assigned))).toEqual(['guide'])
    expect({ ledByCard, active: cardNow.isActive }).toEqual({ ledByCard: false, active: false })
  })
})

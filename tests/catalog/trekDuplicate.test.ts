import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { gqlEnum, gqlLiteral } from '../access/gql'
import { refusal, signedInRoles, type Role } from '../access/roles'
import { api, graphql, qs } from '../helpers/api'
import { createCatalog } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { notAllowedFor } from '../access/gql'

/**
 * `POST /api/treks/:id/duplicate` (and GraphQL `duplicateTrek`) copy a trek. The copy is a
 * new page to prepare: a draft, with no departure card until it has batches of its own.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof signedInRoles>>

const EDITORS: Role[] = ['content', 'ops_manager', 'super_admin']
const OTHERS: Role[] = ['anonymous', 'trekker', 'cs', 'finance', 'guide']

const trekRow = async (id: number) =>
  (await payload.findByID({ collection: 'treks', id, depth: 0, overrideAccess: true })) as any

const card = (trek: any) => ({
  status: trek.status,
  nextBatch: { startDate: trek.nextBatch?.startDate ?? null, price: trek.nextBatch?.price ?? null },
  seatsLeft: trek.seatsLeft ?? null,
})

const NO_CARD_DRAFT = {
  status: 'draft',
  nextBatch: { startDate: null, price: null },
  seatsLeft: null,
}

const trekCount = () => payload.count({ collection: 'treks', overrideAccess: true })

beforeAll(async () => {
  payload = await testPayload()
  roles = await signedInRoles(payload)
})

describe('duplicating a live trek through REST', () => {
  it.each(EDITORS)('%s gets a draft copy with no departure card', async (role) => {
    const { trek } = await createCatalog(payload, { price: 23456, seats: 7 })
    const before = card(await trekRow(trek.id))
    expect(before).toMatchObject({ status: 'active', nextBatch: { price: 23456 }, seatsLeft: 7 })

    const res = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.token(role),
      body: {},
    })
    expect(res.status).toBe(200)
    expect(card(await trekRow(res.body.doc.id))).toEqual(NO_CARD_DRAFT)
    expect((await trekRow(res.body.doc.id)).name).toBe(trek.name)
    // The original keeps its card and stays on sale.
    expect(card(await trekRow(trek.id))).toEqual(before)
  })

  it.each(OTHERS)('%s cannot duplicate a trek', async (role) => {
    const { trek } = await createCatalog(payload)
    const { totalDocs } = await trekCount()
    const res = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.token(role),
      body: {},
    })
    expect(res.status).toBe(refusal(role))
    expect((await trekCount()).totalDocs).toBe(totalDocs)
  })

  it('content cannot publish the copy by asking for an active status', async () => {
    const { trek } = await createCatalog(payload)
    const { totalDocs } = await trekCount()
    const res = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.token('content'),
      body: { status: 'active' },
    })
    expect(res.status).toBe(403)
    expect((await trekCount()).totalDocs).toBe(totalDocs)
  })

  it('ops may publish the copy at once; it still has no departure card', async () => {
    const { trek } = await createCatalog(payload, { price: 19999 })
    const res = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.token('ops_manager'),
      body: { status: 'active' },
    })
    expect(res.status).toBe(200)
    expect(card(await trekRow(res.body.doc.id))).toEqual({ ...NO_CARD_DRAFT, status: 'active' })
  })

  it('anonymous callers and trekkers do not see a copy content made', async () => {
    const { trek } = await createCatalog(payload)
    const copy = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.token('content'),
      body: {},
    })
    expect(copy.status).toBe(200)
    const where = qs({ where: { id: { equals: copy.body.doc.id } } })
    for (const role of ['anonymous', 'trekker'] as Role[]) {
      const list = await api('GET', `/treks?${where}`, { token: roles.token(role) })
      expect(list.status).toBe(200)
      expect(list.body.totalDocs).toBe(0)
    }
  })

  it('a client cannot hand the copy a departure card', async () => {
    const { trek } = await createCatalog(payload)
    const res = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.token('super_admin'),
      body: { nextBatch: { startDate: '2030-01-01T00:00:00.000Z', price: 1 }, seatsLeft: 99 },
    })
    expect(res.status).toBe(200)
    expect(card(await trekRow(res.body.doc.id))).toEqual(NO_CARD_DRAFT)
  })
})

describe('duplicating a live trek through GraphQL', () => {
  // GraphQL requires the trek's required fields (status included) in `data`; they are sent
  // as the original has them, with the status asked for.
  const duplicate = (trek: any, status = 'draft') => {
    const data = gqlLiteral({
      name: trek.name,
      region: typeof trek.region === 'object' ? trek.region.id : trek.region,
      maxAltitude: trek.maxAltitude,
      durationDays: trek.durationDays,
      difficulty: gqlEnum(trek.difficulty),
      status: gqlEnum(status),
    })
    return `mutation { duplicateTrek(id: ${trek.id}, data: ${data}) { id status } }`
  }

  it.each(EDITORS)('%s gets a draft copy with no departure card', async (role) => {
    const { trek } = await createCatalog(payload, { price: 15555 })
    const res = await graphql(duplicate(trek), {}, roles.token(role))
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.duplicateTrek.status).toBe('draft')
    expect(card(await trekRow(res.body.data.duplicateTrek.id))).toEqual(NO_CARD_DRAFT)
  })

  it.each(OTHERS)('%s cannot duplicate a trek', async (role) => {
    const { trek } = await createCatalog(payload)
    const { totalDocs } = await trekCount()
    const res = await graphql(duplicate(trek), {}, roles.token(role))
    expect(res.body.data?.duplicateTrek ?? null).toBeNull()
    expect(res.body.errors?.[0]?.message).toBe(notAllowedFor(role))
    expect((await trekCount()).totalDocs).toBe(totalDocs)
  })

  it('content cannot publish the copy by asking for an active status', async () => {
    const { trek } = await createCatalog(payload)
    const { totalDocs } = await trekCount()
    const res = await graphql(duplicate(trek, 'active'), {}, roles.token('content'))
    expect(res.body.data?.duplicateTrek ?? null).toBeNull()
    expect(res.body.errors?.[0]?.message).toMatch(/Only ops managers can publish/)
    expect((await trekCount()).totalDocs).toBe(totalDocs)
  })
})

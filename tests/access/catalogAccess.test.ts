import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { daysFromNow, makeBatch, makeGuide, makeRegion, makeTrek } from '../catalog/builders'
import { makeImage } from '../catalog/images'
import { upload } from '../catalog/upload'
import { pngBuffer } from '../catalog/images'
import { api, graphql, qs } from '../helpers/api'
import { unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { catalogFixture, type CatalogFixture } from './catalogFixture'
import { gqlEnum, gqlLiteral, notAllowedFor } from './gql'
import { refusal, ROLES, signedInRoles, split, type Role } from './roles'

let payload: Payload
let token: (role: Role) => string | undefined
let fx: CatalogFixture
let dayTrek: number
let nextDay = 0

const PUBLIC: Role[] = ['anonymous', 'trekker']
const EDITORS: Role[] = ['content', 'ops_manager', 'super_admin']
const OPS: Role[] = ['ops_manager', 'super_admin']

beforeAll(async () => {
  payload = await testPayload()
  const roles = await signedInRoles(payload)
  token = roles.token
  fx = await catalogFixture(payload, roles.users.guide.id)
  const region = await makeRegion(payload)
  dayTrek = (await makeTrek(payload, { region: region.id, durationDays: 60 })).id
})

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b)

type Collection = {
  slug: string
  plural: string
  single: string
  all: () => number[]
  visible: (role: Role) => number[]
}

const collections: Collection[] = [
  {
    slug: 'regions',
    plural: 'Regions',
    single: 'Region',
    all: () => [fx.region.id],
    visible: () => [fx.region.id],
  },
  {
    slug: 'treks',
    plural: 'Treks',
    single: 'Trek',
    all: () => Object.values(fx.treks).map((t) => t.id),
    visible: (role) =>
      PUBLIC.includes(role) ? [fx.treks.active.id] : Object.values(fx.treks).map((t) => t.id),
  },
  {
    slug: 'itinerary-days',
    plural: 'ItineraryDays',
    single: 'ItineraryDay',
    all: () => Object.values(fx.days).map((d) => d.id),
    visible: (role) =>
      PUBLIC.includes(role) ? [fx.days.active.id] : Object.values(fx.days).map((d) => d.id),
  },
  {
    slug: 'guides',
    plural: 'Guides',
    single: 'Guide',
    all: () => Object.values(fx.guides).map((g) => g.id),
    visible: (role) =>
      [...PUBLIC, 'finance'].includes(role)
        ? [fx.guides.mine.id, fx.guides.other.id]
        : Object.values(fx.guides).map((g) => g.id),
  },
  {
    slug: 'batches',
    plural: 'Batches',
    single: 'Batch',
    all: () => Object.values(fx.batches).map((b) => b.id),
    visible: (role) => {
      const b = fx.batches
      if (PUBLIC.includes(role)) {
        return [b.upcomingMine.id, b.upcomingOther.id, b.fullOther.id]
      }
      if (role === 'guide') {
        return [b.upcomingMine.id, b.pastMine.id]
      }
      return Object.values(b).map((x) => x.id)
    },
  },
  {
    slug: 'media',
    plural: 'allMedia',
    single: 'Media',
    all: () => [fx.image.id],
    visible: () => [fx.image.id],
  },
]

describe.each(collections)('read $slug', (c) => {
  it.each(ROLES)(
    '%s sees exactly the rows the contract allows, in REST and GraphQL',
    async (role) => {
      const ids = c.all()
      const rest = await api(
        'GET',
        `/${c.slug}?${qs({ where: { id: { in: ids } }, depth: 0, limit: 100 })}`,
        {
          token: token(role),
        },
      )
      const gql = await graphql(
        `{ ${c.plural}(where: { OR: [${ids.map((id) => `{ id: { equals: ${id} } }`).join(', ')}] }, limit: 100) { docs { id } } }`,
        undefined,
        token(role),
      )

      expect(rest.status).toBe(200)
      expect(sorted(rest.body.docs.map((d: { id: number }) => d.id))).toEqual(
        sorted(c.visible(role)),
      )
      expect(gql.body.errors).toBeUndefined()
      expect(sorted(gql.body.data[c.plural].docs.map((d: { id: number }) => d.id))).toEqual(
        sorted(c.visible(role)),
      )
    },
  )

  it.each(ROLES)('%s gets 404 for a row it may not see by id', async (role) => {
    const hidden = c.all().filter((id) => !c.visible(role).includes(id))
    for (const id of hidden) {
      const res = await api('GET', `/${c.slug}/${id}`, { token: token(role) })
      expect([id, res.status]).toEqual([id, 404])
    }
  })
})

type WriteSpec = {
  slug: string
  single: string
  create: Role[]
  update: Role[]
  remove: Role[]
  body: () => Record<string, unknown>
  patch: (role: Role) => { target: () => number; data: Record<string, unknown>; field: string }
  throwaway: () => Promise<number>
}

const writes: WriteSpec[] = [
  {
    slug: 'regions',
    single: 'Region',
    create: EDITORS,
    update: EDITORS,
    remove: EDITORS,
    body: () => ({ name: unique('Region') }),
    patch: (role) => ({
      target: () => fx.region.id,
      data: { description: `edited by ${role}` },
      field: 'description',
    }),
    throwaway: async () => (await makeRegion(payload)).id,
  },
  {
    slug: 'treks',
    single: 'Trek',
    create: EDITORS,
    update: EDITORS,
    remove: OPS,
    body: () => ({
      name: unique('Trek'),
      region: fx.region.id,
      maxAltitude: 4100,
      durationDays: 5,
      difficulty: gqlEnum('easy'),
      status: gqlEnum('draft'),
    }),
    patch: (role) => ({
      target: () => fx.treks.active.id,
      data: { description: `edited by ${role}` },
      field: 'description',
    }),
    throwaway: async () => (await makeTrek(payload, { region: fx.region.id })).id,
  },
  {
    slug: 'itinerary-days',
    single: 'ItineraryDay',
    create: EDITORS,
    update: EDITORS,
    remove: EDITORS,
    body: () => ({ trek: dayTrek, dayNumber: ++nextDay, title: 'Acclimatisation walk' }),
    patch: (role) => ({
      target: () => fx.days.active.id,
      data: { title: `edited by ${role}` },
      field: 'title',
    }),
    throwaway: async () =>
      (
        await payload.create({
          collection: 'itinerary-days',
          data: { trek: dayTrek, dayNumber: ++nextDay, title: 'Rest day' },
          overrideAccess: true,
        })
      ).id,
  },
  {
    slug: 'guides',
    single: 'Guide',
    create: OPS,
    update: [...EDITORS, 'guide'],
    remove: OPS,
    body: () => ({ name: unique('Guide') }),
    // The test guide's own profile: content, ops, super admins and that guide edit its bio.
    patch: (role) => ({
      target: () => fx.guides.mine.id,
      data: { bio: `edited by ${role}` },
      field: 'bio',
    }),
    throwaway: async () => (await makeGuide(payload)).id,
  },
  {
    slug: 'batches',
    single: 'Batch',
    create: OPS,
    update: OPS,
    remove: OPS,
    body: () => ({
      trek: fx.treks.active.id,
      startDate: daysFromNow(70),
      endDate: daysFromNow(75),
      totalSeats: 10,
      price: 9900,
      status: gqlEnum('open'),
    }),
    patch: (role) => ({
      target: () => fx.batches.upcomingMine.id,
      data: { price: 15000 + ROLES.indexOf(role) },
      field: 'price',
    }),
    throwaway: async () => (await makeBatch(payload, fx.treks.active.id, 80)).id,
  },
]

const restBody = (body: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(body, (_k, v) => (v?.constructor?.name === 'GqlEnum' ? v.value : v)))

describe.each(writes)('write $slug', (w) => {
  it.each(split(w.create))('%s may create: %p (REST and GraphQL)', async (role, allowed) => {
    const rest = await api('POST', `/${w.slug}`, { token: token(role), body: restBody(w.body()) })
    const gql = await graphql(
      `mutation { create${w.single}(data: ${gqlLiteral(w.body())}) { id } }`,
      undefined,
      token(role),
    )

    expect(rest.status).toBe(allowed ? 201 : refusal(role))
    if (allowed) {
      expect(gql.body.errors).toBeUndefined()
      expect(gql.body.data[`create${w.single}`].id).toEqual(expect.any(Number))
    } else {
      expect(gql.body.errors?.[0]?.message).toBe(notAllowedFor(role))
    }
  })

  it.each(split(w.update))('%s may update: %p (REST and GraphQL)', async (role, allowed) => {
    const { target, data, field } = w.patch(role)
    const before = await payload.findByID({ collection: w.slug as 'regions', id: target() })

    const rest = await api('PATCH', `/${w.slug}/${target()}`, { token: token(role), body: data })
    const afterRest = await payload.findByID({ collection: w.slug as 'regions', id: target() })
    const gql = await graphql(
      `mutation { update${w.single}(id: ${target()}, data: ${gqlLiteral(data)}) { id } }`,
      undefined,
      token(role),
    )

    if (allowed) {
      expect(rest.status).toBe(200)
      expect((afterRest as unknown as Record<string, unknown>)[field]).toEqual(data[field])
      expect(gql.body.errors).toBeUndefined()
    } else {
      expect(rest.status).toBe(refusal(role))
      expect((afterRest as unknown as Record<string, unknown>)[field]).toEqual(
        (before as unknown as Record<string, unknown>)[field],
      )
      expect(gql.body.errors?.[0]?.message).toBe(notAllowedFor(role))
    }
  })

  it.each(split(w.remove))('%s may delete: %p (REST and GraphQL)', async (role, allowed) => {
    const viaRest = await w.throwaway()
    const viaGql = await w.throwaway()

    const rest = await api('DELETE', `/${w.slug}/${viaRest}`, { token: token(role) })
    const gql = await graphql(
      `mutation { delete${w.single}(id: ${viaGql}) { id } }`,
      undefined,
      token(role),
    )

    const left = await payload.count({
      collection: w.slug as 'regions',
      where: { id: { in: [viaRest, viaGql] } },
    })
    expect(rest.status).toBe(allowed ? 200 : refusal(role))
    expect(gql.body.errors?.[0]?.message).toBe(allowed ? undefined : notAllowedFor(role))
    expect(left.totalDocs).toBe(allowed ? 0 : 2)
  })
})

describe('write media', () => {
  const CURATORS: Role[] = EDITORS

  it.each(split(ROLES.filter((r) => r !== 'anonymous')))(
    '%s may upload: %p',
    async (role, allowed) => {
      const res = await upload(
        'media',
        { data: await pngBuffer(32, 32), name: `${role}.png`, type: 'image/png' },
        { token: token(role) },
      )

      expect(res.status).toBe(allowed ? 201 : refusal(role))
    },
  )

  it.each(split(CURATORS))(
    '%s may update and delete: %p (REST and GraphQL)',
    async (role, allowed) => {
      const a = (await makeImage(payload, 'a.png')).id
      const b = (await makeImage(payload, 'b.png')).id

      const patch = await api('PATCH', `/media/${a}`, { token: token(role), body: { alt: role } })
      const gqlPatch = await graphql(
        `mutation { updateMedia(id: ${b}, data: { alt: "${role}" }) { id } }`,
        undefined,
        token(role),
      )
      const del = await api('DELETE', `/media/${a}`, { token: token(role) })
      const gqlDel = await graphql(
        `mutation { deleteMedia(id: ${b}) { id } }`,
        undefined,
        token(role),
      )

      expect([patch.status, del.status]).toEqual(
        allowed ? [200, 200] : [refusal(role), refusal(role)],
      )
      expect(gqlPatch.body.errors?.[0]?.message).toBe(allowed ? undefined : notAllowedFor(role))
      expect(gqlDel.body.errors?.[0]?.message).toBe(allowed ? undefined : notAllowedFor(role))
    },
  )
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { Guide } from '@/payload-types'

import { makeBatch, makeGuide, makeRegion, makeTrek } from '../catalog/builders'
import { api, graphql, qs } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { ROLES, signedInRoles, type Role } from './roles'

let payload: Payload
let token: (role: Role) => string | undefined
let users: Awaited<ReturnType<typeof signedInRoles>>['users']
let mine: Guide
/** The account of the other guide card: a card links only a guide account. */
let otherGuideUser: Awaited<ReturnType<typeof createUser>>
let other: Guide
let batchId: number

const SAT_PHONE = '+881631112233'
const STAFF_FIELDS = ['satellitePhone', 'user', 'isActive']
const PUBLIC_FIELDS = ['name', 'bio', 'photo', 'yearsExp', 'certifications', 'regions']
/** Roles that see a guide beyond its public profile. */
const DESK: Role[] = ['content', 'ops_manager', 'cs', 'super_admin']
const PUBLIC_VIEW: Role[] = ['anonymous', 'trekker', 'finance']

beforeAll(async () => {
  payload = await testPayload()
  const roles = await signedInRoles(payload)
  token = roles.token
  users = roles.users
  const region = await makeRegion(payload)
  mine = await makeGuide(payload, {
    user: users.guide.id,
    satellitePhone: SAT_PHONE,
    regions: [region.id],
  })
  otherGuideUser = await createUser(payload, 'guide')
  other = await makeGuide(payload, { satellitePhone: SAT_PHONE, user: otherGuideUser.id })
  const trek = await makeTrek(payload, { region: region.id })
  batchId = (await makeBatch(payload, trek.id, 20, { guide: other.id })).id
})

/** The guide object inside a batch, at the given depth, as `role` reads it. */
async function guideInBatch(role: Role, depth: number) {
  const res = await api('GET', `/batches/${batchId}?depth=${depth}`, { token: token(role) })
  expect(res.status).toBe(200)
  return res.body.guide
}

describe('guide fields: public ones for everyone, staff ones for the desk', () => {
  it.each(ROLES)(
    '%s reads the right fields at depth 0 to 3, directly and through a batch',
    async (role) => {
      const seesStaffFields = DESK.includes(role)
      for (const depth of [0, 1, 2, 3]) {
        const direct = await api('GET', `/guides/${other.id}?depth=${depth}`, {
          token: token(role),
        })
        const nested = role === 'guide' ? undefined : await guideInBatch(role, Math.max(depth, 1))

        for (const guide of [direct.body, nested].filter(Boolean)) {
          expect(guide).toMatchObject({ name: other.name, certifications: other.certifications })
          for (const field of PUBLIC_FIELDS) {
            expect(guide).toHaveProperty(field)
          }
          for (const field of STAFF_FIELDS) {
            expect([role, depth, field, field in guide]).toEqual([
              role,
              depth,
              field,
              seesStaffFields,
            ])
          }
        }
      }
    },
  )

  it('a guide sees the staff fields of their own profile only', async () => {
    const own = await api('GET', `/guides/${mine.id}`, { token: token('guide') })
    const others = await api('GET', `/guides/${other.id}`, { token: token('guide') })

    expect(own.body).toMatchObject({ satellitePhone: SAT_PHONE, isActive: true })
    expect(others.body).not.toHaveProperty('satellitePhone')
    expect(others.body).not.toHaveProperty('user')
  })

  it('the populated user of a guide shows only what the reader may see of that user', async () => {
    const asContent = await api('GET', `/guides/${other.id}?depth=1`, { token: token('content') })
    const asCs = await api('GET', `/guides/${other.id}?depth=1`, { token: token('cs') })

    // Content may see that a guide has an account, but not read other users.
    expect(asContent.body.user).toBe(otherGuideUser.id)
    expect(asCs.body.user).toMatchObject({ id: otherGuideUser.id, email: otherGuideUser.email })
  })

  it.each(PUBLIC_VIEW)('GraphQL gives %s null for the staff fields', async (role) => {
    const res = await graphql(
      `
        query ($id: Int!) {
          Guide(id: $id) {
            name
            satellitePhone
            isActive
            user {
              id
              email
            }
          }
        }
      `,
      { id: other.id },
      token(role),
    )

    expect(res.body.data.Guide).toEqual({
      name: other.name,
      satellitePhone: null,
      isActive: null,
      user: null,
    })
  })

  it('GraphQL gives the desk the staff fields', async () => {
    const res = await graphql(
      `
        query ($id: Int!) {
          Guide(id: $id) {
            satellitePhone
            isActive
          }
        }
      `,
      { id: other.id },
      token('cs'),
    )

    expect(res.body.data.Guide).toEqual({ satellitePhone: SAT_PHONE, isActive: true })
  })
})

describe('hidden guide fields cannot be used to filter, sort or select', () => {
  const probes: Array<[string, string, Record<string, unknown>, string]> = [
    [
      'where on satellitePhone',
      'guides',
      { where: { satellitePhone: { equals: SAT_PHONE } } },
      'satellitePhone',
    ],
    ['where on isActive', 'guides', { where: { isActive: { equals: false } } }, 'isActive'],
    ['where on user', 'guides', { where: { user: { exists: true } } }, 'user'],
    ['where through user', 'guides', { where: { 'user.email': { like: '@' } } }, 'user'],
    [
      'where through a batch',
      'batches',
      { where: { 'guide.satellitePhone': { like: '+8816' } } },
      'satellitePhone',
    ],
    ['sort on satellitePhone', 'guides', { sort: 'satellitePhone' }, 'satellitePhone'],
    ['sort on isActive', 'guides', { sort: '-isActive' }, 'isActive'],
  ]

  it.each(PUBLIC_VIEW.flatMap((role) => probes.map((p) => [role, ...p] as const)))(
    '%s: %s is refused with 400',
    async (role, _name, collection, params, path) => {
      const res = await api('GET', `/${collection}?${qs(params)}`, { token: token(role) })

      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toContain('cannot be queried')
      expect(res.body.errors[0].message).toContain(path)
    },
  )

  it('the same where works for the desk, so the refusal is what hides the data', async () => {
    const res = await api(
      'GET',
      `/guides?${qs({ where: { satellitePhone: { equals: SAT_PHONE } }, limit: 100 })}`,
      { token: token('ops_manager') },
    )

    expect(res.status).toBe(200)
    expect(res.body.docs.map((g: Guide) => g.id)).toEqual(
      expect.arrayContaining([mine.id, other.id]),
    )
  })

  it.each(PUBLIC_VIEW)('%s: select of a hidden field returns nothing of it', async (role) => {
    const res = await api(
      'GET',
      `/guides/${other.id}?${qs({ select: { satellitePhone: true, user: true, name: true } })}`,
      { token: token(role) },
    )

    expect(res.status).toBe(200)
    expect(res.body).toEqual({ id: other.id, name: other.name })
  })

  it.each(PUBLIC_VIEW)('%s: GraphQL where on a hidden field is refused', async (role) => {
    const res = await graphql(
      `{ Guides(where: { satellitePhone: { equals: "${SAT_PHONE}" } }) { docs { id } } }`,
      undefined,
      token(role),
    )

    expect(res.body.errors?.[0]?.message).toBe(
      'The following path cannot be queried: satellitePhone',
    )
  })
})

describe('guide profile writes', () => {
  it('content edits bio and photo but not the rest', async () => {
    const guide = await makeGuide(payload)

    const res = await api('PATCH', `/guides/${guide.id}`, {
      token: token('content'),
      body: {
        bio: 'New bio',
        name: 'Renamed',
        yearsExp: 40,
        satellitePhone: '+1',
        isActive: false,
      },
    })

    expect(res.status).toBe(200)
    const stored = await payload.findByID({ collection: 'guides', id: guide.id })
    expect(stored).toMatchObject({
      bio: 'New bio',
      name: guide.name,
      yearsExp: guide.yearsExp,
      satellitePhone: guide.satellitePhone,
      isActive: true,
    })
  })

  it("a guide edits their own bio, not their years, and not another guide's profile", async () => {
    const own = await api('PATCH', `/guides/${mine.id}`, {
      token: token('guide'),
      body: { bio: 'Fifteen seasons on the Kuari ridge', yearsExp: 60 },
    })
    const others = await api('PATCH', `/guides/${other.id}`, {
      token: token('guide'),
      body: { bio: 'hijacked' },
    })

    expect(own.status).toBe(200)
    expect(own.body.doc).toMatchObject({ bio: 'Fifteen seasons on the Kuari ridge', yearsExp: 12 })
    expect(others.status).toBe(403)
    expect((await payload.findByID({ collection: 'guides', id: other.id })).bio).toBe(other.bio)
  })

  it('ops edit every field', async () => {
    const guide = await makeGuide(payload)

    const res = await api('PATCH', `/guides/${guide.id}`, {
      token: token('ops_manager'),
      body: { name: 'Renamed', yearsExp: 20, satellitePhone: '+881600000000', isActive: false },
    })

    expect(res.body.doc).toMatchObject({
      name: 'Renamed',
      yearsExp: 20,
      satellitePhone: '+881600000000',
      isActive: false,
    })
  })
})

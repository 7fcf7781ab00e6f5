import { beforeAll, describe, expect, it } from '@jest/globals'
import { canAccessAdmin, createLocalReq, type Payload } from 'payload'

import { makeImage } from '../catalog/images'
import { api, graphql, qs } from '../helpers/api'
import { createUser, unique, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { ROLES, signedInRoles, type Role } from './roles'

let payload: Payload
let token: (role: Role) => string | undefined
let users: Awaited<ReturnType<typeof signedInRoles>>['users']
let subject: TestUser

/** Contact data, loyalty state and role: what the contract keeps from most readers. */
const PRIVATE_FIELDS = [
  'phone',
  'dateOfBirth',
  'bio',
  'profilePhoto',
  'experienceLevel',
  'obsPoints',
  'tribeTier',
  'staffRole',
]
const FULL_READERS: Role[] = ['ops_manager', 'cs', 'super_admin']

beforeAll(async () => {
  payload = await testPayload()
  const roles = await signedInRoles(payload)
  token = roles.token
  users = roles.users
  const photo = await makeImage(payload, 'face.png')
  subject = await createUser(payload, null, {
    phone: `+9198${String(Date.now()).slice(-8)}`,
    dateOfBirth: '1994-05-17T00:00:00.000Z',
    bio: 'Weekend trekker from Pune',
    profilePhoto: photo.id,
    experienceLevel: 'intermediate',
    tribeHandle: unique('h').replace(/-/g, '_').slice(0, 30),
  })
  // The balance moves only through the ledger; 1,200 points make a trail blazer.
  await payload.create({
    collection: 'points-transactions',
    data: { user: subject.id, amount: 1200, reason: 'Points from an earlier trek' },
  })
})

describe("reading another user's account", () => {
  it.each(ROLES)('%s sees what the contract allows, at depth 0 to 3', async (role) => {
    for (const depth of [0, 1, 2, 3]) {
      const res = await api('GET', `/users/${subject.id}?depth=${depth}`, { token: token(role) })

      if (role === 'anonymous') {
        expect(res.status).toBe(401)
        continue
      }
      if (!FULL_READERS.includes(role) && role !== 'finance') {
        // Trekkers, content and guides read only their own account.
        expect(res.status).toBe(404)
        continue
      }
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ email: subject.email, firstName: 'Test' })
      for (const field of PRIVATE_FIELDS) {
        expect([role, depth, field, field in res.body]).toEqual([
          role,
          depth,
          field,
          FULL_READERS.includes(role),
        ])
      }
    }
  })

  it('a trekker reads every field of their own profile', async () => {
    const res = await api('GET', `/users/${subject.id}`, { token: subject.token })

    expect(res.body).toMatchObject({ obsPoints: 1200, tribeTier: 'trail_blazer', staffRole: null })
    expect(res.body.phone).toMatch(/^\+9198/)
  })

  it('a trekker listing users gets only themself', async () => {
    const res = await api('GET', '/users?limit=100', { token: subject.token })

    expect(res.body.docs.map((u: { id: number }) => u.id)).toEqual([subject.id])
  })

  it.each(['finance', 'trekker'] as const)(
    'GraphQL gives %s null for private fields',
    async (role) => {
      const res = await graphql(
        `
          query ($id: Int!) {
            User(id: $id) {
              email
              phone
              obsPoints
              tribeTier
              staffRole
              dateOfBirth
            }
          }
        `,
        { id: role === 'trekker' ? users.trekker.id : subject.id },
        token(role),
      )

      const expected =
        role === 'trekker'
          ? { email: users.trekker.email, obsPoints: 0, tribeTier: 'basecamp', staffRole: null }
          : { email: subject.email, obsPoints: null, tribeTier: null, staffRole: null, phone: null }
      expect(res.body.data.User).toMatchObject(expected)
    },
  )
})

describe('private user fields cannot be used to filter or sort', () => {
  const probes: Array<[string, Record<string, unknown>, string]> = [
    ['where on phone', { where: { phone: { like: '+91' } } }, 'phone'],
    ['where on staffRole', { where: { staffRole: { equals: 'super_admin' } } }, 'staffRole'],
    ['where on obsPoints', { where: { obsPoints: { greater_than: 1000 } } }, 'obsPoints'],
    ['where on dateOfBirth', { where: { dateOfBirth: { exists: true } } }, 'dateOfBirth'],
    ['sort on obsPoints', { sort: '-obsPoints' }, 'obsPoints'],
    ['sort on tribeTier', { sort: 'tribeTier' }, 'tribeTier'],
  ]

  it.each(
    (['finance', 'trekker'] as const).flatMap((role) => probes.map((p) => [role, ...p] as const)),
  )('%s: %s is refused with 400', async (role, _name, params, path) => {
    const res = await api('GET', `/users?${qs(params)}`, { token: token(role) })

    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe(`The following path cannot be queried: ${path}`)
  })

  it('the same where works for ops, so the refusal is what hides the data', async () => {
    const res = await api(
      'GET',
      `/users?${qs({ where: { obsPoints: { equals: 1200 }, id: { equals: subject.id } } })}`,
      { token: token('ops_manager') },
    )

    expect(res.body.docs.map((u: { id: number }) => u.id)).toEqual([subject.id])
  })

  it('select of a private field gives finance nothing of it', async () => {
    const res = await api(
      'GET',
      `/users/${subject.id}?${qs({ select: { phone: true, obsPoints: true, email: true } })}`,
      { token: token('finance') },
    )

    // Payload names the auth collection on every user it returns.
    expect(res.body).toEqual({ id: subject.id, email: subject.email, collection: 'users' })
  })
})

describe('writing user fields', () => {
  it('registration ignores staffRole, obsPoints and tribeTier', async () => {
    const res = await api('POST', '/users', {
      body: {
        email: `${unique('signup')}@obs.test`,
        password: 'Another-password-42',
        firstName: 'Asha',
        lastName: 'Rawat',
        staffRole: 'super_admin',
        obsPoints: 99999,
        tribeTier: 'obs_legend',
      },
    })

    expect(res.status).toBe(201)
    const stored = await payload.findByID({ collection: 'users', id: res.body.doc.id })
    expect(stored).toMatchObject({ staffRole: null, obsPoints: 0, tribeTier: 'basecamp' })
  })

  it('a trekker edits their profile but not their role, points or tier (REST and GraphQL)', async () => {
    const rest = await api('PATCH', `/users/${subject.id}`, {
      token: subject.token,
      body: {
        firstName: 'Meera',
        staffRole: 'super_admin',
        obsPoints: 50000,
        tribeTier: 'obs_legend',
      },
    })
    const gql = await graphql(
      `
        mutation ($id: Int!) {
          updateUser(
            id: $id
            data: { lastName: "Negi", staffRole: super_admin, obsPoints: 50000 }
          ) {
            id
          }
        }
      `,
      { id: subject.id },
      subject.token,
    )

    expect(rest.status).toBe(200)
    expect(gql.body.errors).toBeUndefined()
    const stored = await payload.findByID({ collection: 'users', id: subject.id })
    expect(stored).toMatchObject({
      firstName: 'Meera',
      lastName: 'Negi',
      staffRole: null,
      obsPoints: 1200,
      tribeTier: 'trail_blazer',
    })
  })

  it('cs edits a trekker profile but not their role or points', async () => {
    const trekker = await createUser(payload, null)

    const res = await api('PATCH', `/users/${trekker.id}`, {
      token: token('cs'),
      body: { bio: 'Prefers vegetarian meals', staffRole: 'cs', obsPoints: 10 },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc).toMatchObject({
      bio: 'Prefers vegetarian meals',
      staffRole: null,
      obsPoints: 0,
    })
  })

  it.each(['ops_manager', 'finance', 'content', 'guide', 'trekker'] as const)(
    '%s cannot edit another user (403)',
    async (role) => {
      const res = await api('PATCH', `/users/${subject.id}`, {
        token: token(role),
        body: { firstName: 'Changed' },
      })

      expect(res.status).toBe(403)
      expect((await payload.findByID({ collection: 'users', id: subject.id })).firstName).not.toBe(
        'Changed',
      )
    },
  )

  it('a super admin grants a staff role', async () => {
    const person = await createUser(payload, null)

    const res = await api('PATCH', `/users/${person.id}`, {
      token: token('super_admin'),
      body: { staffRole: 'content' },
    })

    expect(res.body.doc.staffRole).toBe('content')
  })
})

describe('admin panel access', () => {
  it.each(ROLES)('%s may open the admin panel only as staff', async (role) => {
    const res = await api('GET', '/access', { token: token(role) })

    expect(res.status).toBe(200)
    const staff = !['anonymous', 'trekker'].includes(role)
    expect(res.body.canAccessAdmin === true).toBe(staff)
  })

  it("refuses a trekker in Payload's own admin gate, and lets staff through", async () => {
    const asUser = async (id: number) => {
      const user = await payload.findByID({ collection: 'users', id })
      return createLocalReq({ user: { ...user, collection: 'users' } }, payload)
    }

    await expect(canAccessAdmin({ req: await asUser(users.trekker.id) })).rejects.toMatchObject({
      status: 401,
    })
    await expect(canAccessAdmin({ req: await asUser(users.content.id) })).resolves.toBeUndefined()
  })
})

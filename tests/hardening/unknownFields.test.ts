import { beforeAll, describe, expect, it } from '@jest/globals'
import { handleEndpoints, type CollectionSlug, type Payload } from 'payload'

import { makeImage } from '../catalog/images'
import { api, graphql } from '../helpers/api'
import { createCatalog, createRoleUsers, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { config, testPayload } from '../helpers/payload'
import { viaRoute } from './route'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>
let catalog: Awaited<ReturnType<typeof createCatalog>>

beforeAll(async () => {
  payload = await testPayload()
  users = await createRoleUsers(payload)
  catalog = await createCatalog(payload)
  // Row 1 of each collection is patched below: an edit lock an earlier file of this worker
  // left on one would answer 423 before the body is looked at.
  await payload.delete({
    collection: 'payload-locked-documents',
    where: { id: { exists: true } },
    overrideAccess: true,
  })
})

/** Every collection of ours (Payload's own preferences, locks and migrations are not). */
const ourCollections = () =>
  payload.config.collections
    .map((collection) => collection.slug as CollectionSlug)
    .filter((slug) => !slug.startsWith('payload-'))

const total = async (slug: CollectionSlug) =>
  (await payload.count({ collection: slug, overrideAccess: true })).totalDocs

/** A PATCH as the admin's edit form sends it: multipart, the fields as JSON in `_payload`. */
async function adminSave(path: string, data: Record<string, unknown>, token: string) {
  const form = new FormData()
  form.append('_payload', JSON.stringify(data))
  const url = `http://localhost:3000/api${path}?depth=0&fallback-locale=null`
  const request = new Request(url, {
    method: 'PATCH',
    headers: { Authorization: `JWT ${token}` },
    body: form,
  })
  const response = await handleEndpoints({ config, request, path: new URL(url).pathname })
  return { status: response.status, body: await response.json() }
}

describe('a REST body naming a field the collection does not have', () => {
  it('is 400 naming the field on create, update by id and bulk update of every collection', async () => {
    const wrong: string[] = []
    for (const slug of ourCollections()) {
      const before = await total(slug)
      // Payload asks an account for its e-mail before any hook runs.
      const createBody = slug === 'users' ? { email: 'x@obs.test', foo: 1 } : { foo: 1 }
      const answers = [
        // An SOS is made by its own endpoint, which never fails on what the phone sent.
        ...(slug === 'incidents'
          ? []
          : [await api('POST', `/${slug}`, { token: users.super_admin.token, body: createBody })]),
        await api('PATCH', `/${slug}/1`, { token: users.super_admin.token, body: { foo: 1 } }),
        await api('PATCH', `/${slug}?where[id][equals]=1`, {
          token: users.super_admin.token,
          body: { foo: 1 },
        }),
      ]
      for (const answer of answers) {
        // Collections only the server writes refuse even a super admin first (403).
        const refusedWriter = answer.status === 403
        const namedField =
          answer.status === 400 && answer.body.errors?.[0]?.message === 'Unknown field "foo"'
        if (!refusedWriter && !namedField) {
          wrong.push(`${slug}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 120)}`)
        }
      }
      expect(await total(slug)).toBe(before)
    }
    expect(wrong).toEqual([])
  })

  it('writes nothing when known fields come with an unknown one', async () => {
    const regionsBefore = await total('regions')

    const create = await api('POST', '/regions', {
      token: users.super_admin.token,
      body: { name: unique('Kept'), isFeatured: true },
    })
    const update = await api('PATCH', `/regions/${catalog.region.id}`, {
      token: users.super_admin.token,
      body: { name: 'Renamed', isFeatured: true },
    })
    const bulk = await api('PATCH', `/regions?where[id][equals]=${catalog.region.id}`, {
      token: users.super_admin.token,
      body: { name: 'Renamed', isFeatured: true },
    })

    for (const answer of [create, update, bulk]) {
      expect(answer.status).toBe(400)
      expect(answer.body.errors[0].message).toBe('Unknown field "isFeatured"')
    }
    expect(await total('regions')).toBe(regionsBefore)
    const region = await payload.findByID({ collection: 'regions', id: catalog.region.id })
    expect(region.name).toBe(catalog.region.name)
  })

  it('names an unknown field inside an array row or a group by its path', async () => {
    const row = await api('PATCH', `/treks/${catalog.trek.id}`, {
      token: users.ops_manager.token,
      body: { faqs: [{ question: 'Cold?', answer: 'Yes', votes: 3 }] },
    })
    const group = await api('PATCH', `/treks/${catalog.trek.id}`, {
      token: users.ops_manager.token,
      body: { nextBatch: { startDate: null, seats: 2 } },
    })

    expect(row.status).toBe(400)
    expect(row.body.errors[0].message).toBe('Unknown field "faqs.0.votes"')
    expect(group.status).toBe(400)
    expect(group.body.errors[0].message).toBe('Unknown field "nextBatch.seats"')
    const trek = await payload.findByID({ collection: 'treks', id: catalog.trek.id })
    expect(trek.faqs ?? []).toEqual([])
  })

  it('is answered after who may write: anonymous callers get 401, refused roles 403', async () => {
    const anonymous = await api('POST', '/regions', { body: { name: 'x', foo: 1 } })
    expect(anonymous.status).toBe(401)

    const trekker = await api('POST', '/regions', {
      token: users.trekker.token,
      body: { name: 'x', foo: 1 },
    })
    expect(trekker.status).toBe(403)

    // Sign-up is open to anyone, so its body is checked for everyone.
    const signUp = await api('POST', '/users', { body: { email: 'a@obs.test', foo: 1 } })
    expect(signUp.status).toBe(400)
    expect(signUp.body.errors[0].message).toBe('Unknown field "foo"')
  })
})

describe('what stays accepted', () => {
  it('takes the sign-up the contract names, with an optional phone', async () => {
    const email = `${unique('signup')}@obs.test`.toLowerCase()

    const answer = await api('POST', '/users', {
      body: {
        email,
        password: TEST_PASSWORD,
        firstName: 'Asha',
        lastName: 'Rao',
        phone: '+919812345600',
      },
    })

    expect(answer.status).toBe(201)
    expect(answer.body.doc.email).toBe(email)
  })

  it('takes a full document back as the admin form posts it, password boxes included', async () => {
    const trekker = (
      await api('GET', `/users/${users.trekker.id}?depth=0`, { token: users.super_admin.token })
    ).body
    const trek = await payload.findByID({
      collection: 'treks',
      id: catalog.trek.id,
      depth: 0,
      overrideAccess: true,
    })

    const user = await adminSave(
      `/users/${users.trekker.id}`,
      {
        ...trekker,
        firstName: 'Edited',
        password: TEST_PASSWORD,
        'confirm-password': TEST_PASSWORD,
      },
      users.super_admin.token,
    )
    const trekSave = await adminSave(
      `/treks/${catalog.trek.id}`,
      { ...trek, faqs: [{ id: 'row-1', question: 'Cold?', answer: 'Yes' }] },
      users.ops_manager.token,
    )

    expect(user.status).toBe(200)
    expect(user.body.doc.firstName).toBe('Edited')
    expect(trekSave.status).toBe(200)
    expect(trekSave.body.doc.faqs).toEqual([
      expect.objectContaining({ question: 'Cold?', answer: 'Yes' }),
    ])
  })

  it('takes an upload read back whole, with the empty file box, as an admin save', async () => {
    const image = await makeImage(payload, `${unique('kept')}.png`)
    const read = await api('GET', `/media/${image.id}?depth=0`, { token: users.content.token })

    const save = await adminSave(
      `/media/${image.id}`,
      { ...read.body, alt: 'Ridge at noon', file: null },
      users.content.token,
    )

    expect(save.status).toBe(200)
    expect(save.body.doc.alt).toBe('Ridge at noon')
    expect(save.body.doc.filename).toBe(image.filename)
  })

  it('leaves server code alone: the Local API drops an unknown field as before', async () => {
    const region = await payload.create({
      collection: 'regions',
      data: { name: unique('Local'), isFeatured: true } as never,
      overrideAccess: true,
    })

    expect(region.name).toMatch(/^Local-/)
    expect('isFeatured' in region).toBe(false)
  })
})

describe('createdAt and updatedAt (review round 21)', () => {
  it('drops them from a sign-up, even beyond what a date holds, and keeps the server’s time', async () => {
    const email = `${unique('dated')}@obs.test`.toLowerCase()
    const before = Date.now()

    const res = await viaRoute('POST', '/api/users', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email,
        password: TEST_PASSWORD,
        firstName: 'Far',
        lastName: 'Future',
        createdAt: 1e20,
        updatedAt: 8640000000000001,
      }),
    })

    expect(res.status).toBe(201)
    const stored = await payload.find({
      collection: 'users',
      where: { email: { equals: email } },
      depth: 0,
      overrideAccess: true,
    })
    expect(stored.docs).toHaveLength(1)
    expect(Date.parse(stored.docs[0].createdAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(stored.docs[0].createdAt)).toBeLessThanOrEqual(Date.now())
  })

  it('drops them from an edit by id, a bulk edit and an admin save', async () => {
    const region = await payload.create({
      collection: 'regions',
      data: { name: unique('Dated') },
      overrideAccess: true,
    })

    const byId = await api('PATCH', `/regions/${region.id}`, {
      token: users.content.token,
      body: { createdAt: '2099-01-01T00:00:00.000Z' },
    })
    const bulk = await api('PATCH', `/regions?where[id][equals]=${region.id}`, {
      token: users.content.token,
      body: { createdAt: 1e20 },
    })
    const admin = await adminSave(
      `/regions/${region.id}`,
      { ...region, createdAt: '2000-01-01T00:00:00.000Z' },
      users.content.token,
    )

    expect([byId.status, bulk.status, admin.status]).toEqual([200, 200, 200])
    const stored = await payload.findByID({
      collection: 'regions',
      id: region.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(stored.createdAt).toBe(region.createdAt)
  })

  it('lets server code overriding access set them', async () => {
    const region = await payload.create({
      collection: 'regions',
      data: { name: unique('Old'), createdAt: '2001-02-03T04:05:06.000Z' },
      overrideAccess: true,
    })

    expect(region.createdAt).toBe('2001-02-03T04:05:06.000Z')
  })
})

describe('GraphQL', () => {
  it('refuses an unknown input field by its schema, and writes nothing', async () => {
    const before = await total('regions')

    const answer = await graphql(
      `mutation { createRegion(data: { name: "${unique('Gql')}", isFeatured: true }) { id } }`,
      undefined,
      users.super_admin.token,
    )

    expect(answer.status).toBeLessThan(500)
    expect(answer.body.errors?.[0].message).toBe(
      'Field "isFeatured" is not defined by type "mutationRegionInput".',
    )
    expect(answer.body.data).toBeUndefined()
    expect(await total('regions')).toBe(before)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { errorMessage, fieldErrors, makeBatch, makeRegion, makeTrek, readTrek } from './builders'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>
let regionId: number

const trekBody = (extra: Record<string, unknown> = {}) => ({
  name: unique('Trek'),
  region: regionId,
  maxAltitude: 4200,
  durationDays: 6,
  difficulty: 'moderate',
  ...extra,
})

const postTrek = (extra: Record<string, unknown>, token = users.ops_manager.token) =>
  api('POST', '/treks', { token, body: trekBody(extra) })

describe('trek validation', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
    regionId = (await makeRegion(payload)).id
  })

  it.each([
    [9001, 'Max altitude must be a number from 0 to 9000 metres'],
    [-1, 'Max altitude must be a number from 0 to 9000 metres'],
    [null, 'Max altitude is required'],
  ])('refuses maxAltitude %p with a clear message', async (maxAltitude, message) => {
    const res = await postTrek({ maxAltitude })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({ maxAltitude: message })
  })

  it.each([0, 9000, 8848.86])('accepts maxAltitude %p', async (maxAltitude) => {
    const res = await postTrek({ maxAltitude })

    expect(res.status).toBe(201)
    expect(res.body.doc.maxAltitude).toBe(maxAltitude)
  })

  it.each([
    [[0, 5], 'Best months must be month numbers from 1 to 12 (got 0)'],
    [[6, 13], 'Best months must be month numbers from 1 to 12 (got 13)'],
    [[4.5], 'Best months must be month numbers from 1 to 12 (got 4.5)'],
    [[3, 3], 'Best months must not repeat a month'],
  ])('refuses bestMonths %p', async (bestMonths, message) => {
    const res = await postTrek({ bestMonths })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({ bestMonths: message })
  })

  it('keeps bestMonths 1 to 12', async () => {
    const res = await postTrek({ bestMonths: [1, 12, 5] })

    expect(res.status).toBe(201)
    expect(res.body.doc.bestMonths).toEqual([1, 12, 5])
  })

  it('generates the slug from the name, dropping accents and punctuation', async () => {
    const tag = unique('x')
    const res = await postTrek({ name: `Rūpin Pass — Winter ${tag}!` })

    expect(res.status).toBe(201)
    expect(res.body.doc.slug).toBe(`rupin-pass-winter-${tag}`)
  })

  it('normalises a slug given by the editor', async () => {
    const tag = unique('s')
    const res = await postTrek({ slug: `  My Custom Slug ${tag} ` })

    expect(res.body.doc.slug).toBe(`my-custom-slug-${tag}`)
  })

  it('refuses a duplicate slug with a 400 naming it, not a database error', async () => {
    const name = unique('Hampta Pass')
    const first = await postTrek({ name })
    const second = await postTrek({ name })

    expect(first.status).toBe(201)
    expect(second.status).toBe(400)
    expect(fieldErrors(second)).toEqual({
      slug: `The slug "${first.body.doc.slug}" is already used: choose another name or slug`,
    })
  })

  it('refuses a name with nothing to make a slug from', async () => {
    const res = await postTrek({ name: '!!!' })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({ slug: 'The name must contain letters or digits' })
  })

  it('keeps the slug when the name changes, so shared links keep working', async () => {
    const trek = await makeTrek(payload, { region: regionId })

    const res = await api('PATCH', `/treks/${trek.id}`, {
      token: users.content.token,
      body: { name: unique('Renamed') },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc.slug).toBe(trek.slug)
  })

  it('keeps the slug when an edit empties it, over REST and GraphQL, for treks and regions', async () => {
    // An emptied slug took a live trek's page off its route while it stayed listed (round 28).
    const trek = await makeTrek(payload, { region: regionId })
    const regionSlug = (await payload.findByID({ collection: 'regions', id: regionId })).slug
    const nulled = await api('PATCH', `/treks/${trek.id}`, {
      token: users.content.token,
      body: { slug: null },
    })
    const emptied = await graphql(
      `
        mutation ($id: Int!) {
          updateTrek(id: $id, data: { slug: "" }) {
            slug
          }
        }
      `,
      { id: trek.id },
      users.content.token,
    )
    const region = await api('PATCH', `/regions/${regionId}`, {
      token: users.content.token,
      body: { slug: '' },
    })

    expect(nulled.status).toBe(200)
    expect(nulled.body.doc.slug).toBe(trek.slug)
    expect(emptied.body.data?.updateTrek.slug).toBe(trek.slug)
    expect(region.status).toBe(200)
    expect(region.body.doc.slug).toBe(regionSlug)
    const bySlug = await api('GET', `/treks/slug/${trek.slug}`)
    expect(bySlug.status).toBe(200)
  })

  it('lets a trek keep its own slug on update', async () => {
    const trek = await makeTrek(payload, { region: regionId })

    const res = await api('PATCH', `/treks/${trek.id}`, {
      token: users.ops_manager.token,
      body: { slug: trek.slug, maxAltitude: 4300 },
    })

    expect(res.status).toBe(200)
  })

  it('refuses to shorten a trek below a day its itinerary describes', async () => {
    const trek = await makeTrek(payload, { region: regionId, durationDays: 6 })
    await payload.create({
      collection: 'itinerary-days',
      data: { trek: trek.id, dayNumber: 5, title: 'Summit push' },
      overrideAccess: true,
    })

    const res = await api('PATCH', `/treks/${trek.id}`, {
      token: users.ops_manager.token,
      body: { durationDays: 4 },
    })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({
      durationDays: 'The itinerary has a day 5: remove it before shortening the trek to 4 days',
    })
    expect((await readTrek(payload, trek.id)).durationDays).toBe(6)
  })
})

describe('trek status: content saves drafts, ops publish and archive', () => {
  const REFUSAL = 'Only ops managers can publish or archive a trek; content editors save drafts'

  it('content creates a trek as a draft by default', async () => {
    const res = await postTrek({}, users.content.token)

    expect(res.status).toBe(201)
    expect(res.body.doc.status).toBe('draft')
  })

  it.each(['active', 'archived'])('content may not create a trek as %s (403)', async (status) => {
    const res = await postTrek({ status }, users.content.token)

    expect(res.status).toBe(403)
    expect(errorMessage(res)).toBe(REFUSAL)
  })

  it.each(['active', 'archived'])('content may not move a draft to %s', async (status) => {
    const trek = await makeTrek(payload, { region: regionId, status: 'draft' })

    const res = await api('PATCH', `/treks/${trek.id}`, {
      token: users.content.token,
      body: { status },
    })

    expect(res.status).toBe(403)
    expect((await readTrek(payload, trek.id)).status).toBe('draft')
  })

  it('content may edit a live trek without touching its status, and return it to draft', async () => {
    const trek = await makeTrek(payload, { region: regionId, status: 'active' })

    const edit = await api('PATCH', `/treks/${trek.id}`, {
      token: users.content.token,
      body: { description: 'Fixed a typo', status: 'active' },
    })
    const toDraft = await api('PATCH', `/treks/${trek.id}`, {
      token: users.content.token,
      body: { status: 'draft' },
    })

    expect(edit.status).toBe(200)
    expect(edit.body.doc.status).toBe('active')
    expect(toDraft.status).toBe(200)
    expect(toDraft.body.doc.status).toBe('draft')
  })

  it('content may not return a trek with booked departures to draft: that takes it off sale (round 29)', async () => {
    const trek = await makeTrek(payload, { region: regionId, status: 'active' })
    const batch = await makeBatch(payload, trek.id, 30)
    const trekker = await createUser(payload, null)
    await payload.db.create({
      collection: 'bookings',
      data: {
        user: trekker.id,
        batch: batch.id,
        status: 'confirmed',
        trekkerName: 'Asha Rawat',
        finalAmount: 14500,
        amountPaid: 14500,
        balanceDue: 0,
      } as never,
    })

    const toDraft = await api('PATCH', `/treks/${trek.id}`, {
      token: users.content.token,
      body: { status: 'draft' },
    })

    expect(toDraft.status).toBe(403)
    expect(toDraft.body.errors[0].message).toBe(
      'This trek has departures with bookings: only ops managers can take it off sale (its trekkers booked it as it is)',
    )
    expect((await readTrek(payload, trek.id)).status).toBe('active')
  })

  it.each(['ops_manager', 'super_admin'] as const)('%s publishes and archives', async (role) => {
    const trek = await makeTrek(payload, { region: regionId, status: 'draft' })

    const publish = await api('PATCH', `/treks/${trek.id}`, {
      token: users[role].token,
      body: { status: 'active' },
    })
    const archive = await api('PATCH', `/treks/${trek.id}`, {
      token: users[role].token,
      body: { status: 'archived' },
    })

    expect(publish.body.doc.status).toBe('active')
    expect(archive.body.doc.status).toBe('archived')
  })

  it('holds through GraphQL too', async () => {
    const trek = await makeTrek(payload, { region: regionId, status: 'draft' })

    const res = await graphql(
      `
        mutation ($id: Int!) {
          updateTrek(id: $id, data: { status: active }) {
            status
          }
        }
      `,
      { id: trek.id },
      users.content.token,
    )

    expect(res.body.errors?.[0]?.message).toBe(REFUSAL)
    expect((await readTrek(payload, trek.id)).status).toBe('draft')
  })
})

describe('deleting catalog rows that others use', () => {
  it('refuses to delete a region that still has treks', async () => {
    const region = await makeRegion(payload)
    await makeTrek(payload, { region: region.id })

    const res = await api('DELETE', `/regions/${region.id}`, { token: users.ops_manager.token })

    expect(res.status).toBe(400)
    expect(errorMessage(res)).toBe('This region still has treks: move them first')
  })

  it('refuses to delete a trek with batches, and removes the days of one without', async () => {
    const withBatch = await makeTrek(payload, { region: regionId })
    await makeBatch(payload, withBatch.id, 40)
    const bare = await makeTrek(payload, { region: regionId })
    await payload.create({
      collection: 'itinerary-days',
      data: { trek: bare.id, dayNumber: 1, title: 'Drive in' },
      overrideAccess: true,
    })

    const refused = await api('DELETE', `/treks/${withBatch.id}`, {
      token: users.ops_manager.token,
    })
    const deleted = await api('DELETE', `/treks/${bare.id}`, { token: users.ops_manager.token })

    expect(refused.status).toBe(400)
    expect(errorMessage(refused)).toBe('This trek has batches: archive it instead of deleting it')
    expect(deleted.status).toBe(200)
    const days = await payload.count({
      collection: 'itinerary-days',
      where: { trek: { equals: bare.id } },
    })
    expect(days.totalDocs).toBe(0)
  })

  const makeGuide = () =>
    payload.create({
      collection: 'guides',
      data: { name: unique('Guide'), isActive: true },
      overrideAccess: true,
    })

  it.each(['open', 'full', 'ongoing'] as const)(
    'refuses to delete a guide leading a batch that is %s, which keeps its guide',
    async (status) => {
      const guide = await makeGuide()
      const trek = await makeTrek(payload, { region: regionId })
      const batch = await makeBatch(payload, trek.id, status === 'ongoing' ? -1 : 20, {
        guide: guide.id,
        status,
      })

      const byOps = await api('DELETE', `/guides/${guide.id}`, { token: users.ops_manager.token })
      const byAdmin = await api('DELETE', `/guides/${guide.id}`, {
        token: users.super_admin.token,
      })

      for (const res of [byOps, byAdmin]) {
        expect(res.status).toBe(400)
        expect(errorMessage(res)).toBe(
          'This guide leads upcoming batches: assign another guide to those batches first.',
        )
      }
      const after = await payload.findByID({ collection: 'batches', id: batch.id, depth: 0 })
      expect(after.guide).toBe(guide.id)
      expect(await payload.findByID({ collection: 'guides', id: guide.id })).toMatchObject({
        id: guide.id,
      })
    },
  )

  it('deletes a guide whose batches are all completed or cancelled', async () => {
    const guide = await makeGuide()
    const trek = await makeTrek(payload, { region: regionId })
    const done = await makeBatch(payload, trek.id, -30, { guide: guide.id, status: 'completed' })
    const off = await makeBatch(payload, trek.id, 30, { guide: guide.id, status: 'cancelled' })

    const res = await api('DELETE', `/guides/${guide.id}`, { token: users.ops_manager.token })

    expect(res.status).toBe(200)
    for (const batch of [done, off]) {
      const after = await payload.findByID({ collection: 'batches', id: batch.id, depth: 0 })
      expect(after.guide ?? null).toBeNull()
    }
  })

  it('refuses to delete the account of a guide whose card leads an upcoming batch', async () => {
    const account = await createUser(payload, 'guide')
    const guide = await makeGuide()
    await payload.update({
      collection: 'guides',
      id: guide.id,
      data: { user: account.id },
      overrideAccess: true,
    })
    const trek = await makeTrek(payload, { region: regionId })
    await makeBatch(payload, trek.id, 20, { guide: guide.id, status: 'open' })

    const res = await api('DELETE', `/users/${account.id}`, { token: users.super_admin.token })

    expect(res.status).toBe(400)
    expect(errorMessage(res)).toBe(
      'This account is the guide of upcoming batches: assign another guide first.',
    )
    const card = await payload.findByID({ collection: 'guides', id: guide.id, depth: 0 })
    expect(card.user).toBe(account.id)
  })

  it('deletes the account of a guide whose batches are all completed or cancelled', async () => {
    const account = await createUser(payload, 'guide')
    const guide = await makeGuide()
    await payload.update({
      collection: 'guides',
      id: guide.id,
      data: { user: account.id },
      overrideAccess: true,
    })
    const trek = await makeTrek(payload, { region: regionId })
    await makeBatch(payload, trek.id, -30, { guide: guide.id, status: 'completed' })
    await makeBatch(payload, trek.id, 30, { guide: guide.id, status: 'cancelled' })

    const res = await api('DELETE', `/users/${account.id}`, { token: users.super_admin.token })

    expect(res.status).toBe(200)
    const card = await payload.findByID({ collection: 'guides', id: guide.id, depth: 0 })
    expect(card.user ?? null).toBeNull()
  })

  it('refuses a second region with the same name, naming it', async () => {
    const name = unique('Garhwal')
    await makeRegion(payload, name)

    const res = await api('POST', '/regions', { token: users.content.token, body: { name } })

    expect(res.status).toBe(400)
    expect(fieldErrors(res).name).toBe(`A region named "${name}" already exists`)
  })
})

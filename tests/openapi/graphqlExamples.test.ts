import { readFileSync } from 'node:fs'

import { beforeAll, describe, expect, it } from '@jest/globals'
import { GRAPHQL_PLAYGROUND_GET } from '@payloadcms/next/routes'
import type { Payload } from 'payload'

import { graphql } from '../helpers/api'
import { createCatalog, createUser, TEST_PASSWORD, type TestUser } from '../helpers/fixtures'
import { config, testPayload } from '../helpers/payload'

/** The examples are read from the document itself, so the docs cannot drift from the API. */
function example(title: string): string {
  const markdown = readFileSync('docs/graphql-examples.md', 'utf8')
  const section = markdown.split(/^### /m).find((part) => part.startsWith(`${title}\n`))
  const query = section?.match(/```graphql\n([\s\S]*?)```/)?.[1]
  if (!query) {
    throw new Error(`docs/graphql-examples.md has no example "${title}"`)
  }
  return query
}

/**
 * createCatalog's active trek trips the trek status rule on this branch (a Local API call
 * has no user), so treks are created as drafts and published by a super admin.
 */
async function activeCatalog(payload: Payload, options: Parameters<typeof createCatalog>[1] = {}) {
  const catalog = await createCatalog(payload, { ...options, status: 'draft' })
  const admin = await createUser(payload, 'super_admin')
  const trek = await payload.update({
    collection: 'treks',
    id: catalog.trek.id,
    data: { status: 'active' },
    user: await payload.findByID({ collection: 'users', id: admin.id, overrideAccess: true }),
    overrideAccess: true,
  })
  return { ...catalog, trek }
}

async function findCard(slug: string) {
  for (let page = 1; ; page++) {
    const res = await graphql(example('Trek cards'), { limit: 100, page })
    expect(res.body.errors).toBeUndefined()
    const card = res.body.data.Treks.docs.find((doc: any) => doc.slug === slug)
    if (card || !res.body.data.Treks.hasNextPage) {
      return card
    }
  }
}

async function book(payload: Payload, user: TestUser, batch: number) {
  return payload.create({
    collection: 'bookings',
    data: { user: user.id, batch, status: 'confirmed', source: 'app' } as any,
    overrideAccess: true,
  })
}

describe('docs/graphql-examples.md', () => {
  let payload: Payload

  beforeAll(async () => {
    payload = await testPayload()
  })

  it('Trek cards: active treks with region, next open batch and seats left', async () => {
    const soon = await activeCatalog(payload, { startsInDays: 0.05, seats: 14, price: 18999.5 })
    const draft = await createCatalog(payload, { status: 'draft', startsInDays: 0.05 })

    const card = await findCard(soon.trek.slug as string)

    expect(card).toEqual({
      id: soon.trek.id,
      name: soon.trek.name,
      slug: soon.trek.slug,
      difficulty: 'moderate',
      durationDays: 6,
      maxAltitude: 4200,
      region: { name: soon.region.name },
      nextBatch: { startDate: soon.batch.startDate, price: 18999.5 },
      seatsLeft: 14,
    })
    expect(await findCard(draft.trek.slug as string)).toBeUndefined()
  })

  describe('My bookings', () => {
    let owner: TestUser
    let other: TestUser
    let ownBooking: number
    let otherBooking: number
    let catalog: Awaited<ReturnType<typeof activeCatalog>>

    beforeAll(async () => {
      catalog = await activeCatalog(payload)
      owner = await createUser(payload, null)
      other = await createUser(payload, null)
      ownBooking = (await book(payload, owner, catalog.batch.id as number)).id as number
      otherBooking = (await book(payload, other, catalog.batch.id as number)).id as number
    })

    it("returns only the trekker's own bookings, with batch and trek", async () => {
      const res = await graphql(example('My bookings'), {}, owner.token)

      expect(res.body.errors).toBeUndefined()
      expect(res.body.data.Bookings.docs).toEqual([
        expect.objectContaining({
          id: ownBooking,
          // Just booked and unpaid: the seat is held, pending payment.
          status: 'pending',
          batch: {
            startDate: catalog.batch.startDate,
            endDate: catalog.batch.endDate,
            trek: { name: catalog.trek.name, slug: catalog.trek.slug },
          },
        }),
      ])
    })

    it('lets customer success see every trekker’s booking', async () => {
      const cs = await createUser(payload, 'cs')

      const res = await graphql(example('My bookings'), {}, cs.token)

      const ids = res.body.data.Bookings.docs.map((doc: any) => doc.id)
      expect(ids).toEqual(expect.arrayContaining([ownBooking, otherBooking]))
    })

    it('refuses an anonymous caller', async () => {
      const res = await graphql(example('My bookings'))

      expect(res.body.data?.Bookings ?? null).toBeNull()
      expect(res.body.errors?.[0]).toMatchObject({
        message: 'Sign in to do this: no valid credentials were sent',
        extensions: { statusCode: 401 },
      })
    })
  })

  it('Sign in: returns a token that then authenticates GraphQL calls', async () => {
    const trekker = await createUser(payload, null)

    const res = await graphql(example('Sign in'), { email: trekker.email, password: TEST_PASSWORD })

    expect(res.body.errors).toBeUndefined()
    const login = res.body.data.loginUser
    expect(login.user).toEqual({
      id: trekker.id,
      email: trekker.email,
      firstName: 'Test',
      tribeTier: 'basecamp',
      obsPoints: 0,
    })
    const me = await graphql('{ meUser { user { email } } }', {}, login.token)
    expect(me.body.data.meUser.user.email).toBe(trekker.email)

    const wrong = await graphql(example('Sign in'), { email: trekker.email, password: 'nope-nope' })
    expect(wrong.body.errors?.[0].message).toBe('The email or password provided is incorrect.')
  })
})

describe('GET /api/graphql-playground', () => {
  const playground = GRAPHQL_PLAYGROUND_GET(config)
  const request = () => new Request('http://localhost:3000/api/graphql-playground')

  it('is served outside production', async () => {
    const res = await playground(request())

    expect(res.status).toBe(200)
    expect(await res.text()).toContain('GraphQL Playground')
  })

  it('is switched off in production', async () => {
    const nodeEnv = process.env.NODE_ENV
    ;(process.env as Record<string, string>).NODE_ENV = 'production'
    try {
      const res = await playground(request())
      expect(res.status).toBe(404)
    } finally {
      ;(process.env as Record<string, string | undefined>).NODE_ENV = nodeEnv
    }
  })
})

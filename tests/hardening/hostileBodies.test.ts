import { beforeAll, describe, expect, it } from '@jest/globals'
import type { CollectionSlug, Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createCatalog, createRoleUsers, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { viaRoute } from './route'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>
let regionId: number
let contactId: number

type Role = keyof Awaited<ReturnType<typeof createRoleUsers>> | 'anonymous'

/** Every write endpoint, with a caller allowed to reach it. `:id` paths use rows that exist. */
const endpoints = (): Array<[string, string, Role]> => [
  ['POST', '/users', 'anonymous'],
  ['PATCH', `/users/${users.trekker.id}`, 'trekker'],
  ['POST', '/users/login', 'anonymous'],
  ['POST', '/users/forgot-password', 'anonymous'],
  ['POST', '/users/reset-password', 'anonymous'],
  ['POST', '/users/otp/request', 'anonymous'],
  ['POST', '/users/otp/verify', 'anonymous'],
  ['POST', '/users/google', 'anonymous'],
  ['POST', '/users/apple', 'anonymous'],
  ['POST', '/users/token/refresh', 'anonymous'],
  ['POST', '/users/phone/change', 'trekker'],
  ['POST', '/regions', 'super_admin'],
  ['PATCH', `/regions/${regionId}`, 'super_admin'],
  ['POST', '/treks', 'ops_manager'],
  ['POST', '/batches', 'ops_manager'],
  ['POST', '/itinerary-days', 'content'],
  ['POST', '/guides', 'ops_manager'],
  ['POST', '/bookings', 'trekker'],
  ['POST', '/bookings/2147483647/cancel', 'trekker'],
  ['POST', '/bookings/2147483647/checkout', 'trekker'],
  ['POST', '/bookings/2147483647/offline-payment', 'finance'],
  ['POST', '/payments/verify', 'trekker'],
  ['POST', '/payments/2147483647/refund', 'finance'],
  ['POST', '/batches/2147483647/cancel', 'ops_manager'],
  ['POST', '/razorpay/webhook', 'anonymous'],
  ['POST', '/emergency-contacts', 'trekker'],
  ['PATCH', `/emergency-contacts/${contactId}`, 'trekker'],
  ['POST', '/points-transactions', 'super_admin'],
  ['POST', '/posts', 'trekker'],
  ['POST', '/badges', 'content'],
  ['POST', '/incidents', 'trekker'],
  ['POST', '/incidents/2147483647/acknowledge', 'ops_manager'],
  ['POST', '/media', 'content'],
]

const FIELDS = [
  'name',
  'email',
  'password',
  'phone',
  'code',
  'idToken',
  'refreshToken',
  'token',
  'firstName',
  'description',
  'region',
  'trek',
  'batch',
  'user',
  'amount',
  'method',
  'reason',
  'price',
  'totalSeats',
  'startDate',
  'endDate',
  'maxAltitude',
  'durationDays',
  'difficulty',
  'clientId',
  'latitude',
  'longitude',
  'occurredAt',
  'message',
  'body',
  'kind',
  'relationship',
  'razorpayOrderId',
  'razorpayPaymentId',
  'razorpaySignature',
  'dayNumber',
  'title',
  'rule',
  'slug',
]

const fill = (value: unknown) => Object.fromEntries(FIELDS.map((field) => [field, value]))

/** Bodies no endpoint may accept: each is a 4xx and writes nothing. */
const INVALID: Array<[string, string]> = [
  ['malformed JSON', '{"name": "x",'],
  ['JSON null', 'null'],
  ['a bare string', '"hello"'],
  ['an array', '[{"name":"x"}]'],
  ['a number', '1e308'],
  ['objects where values belong', JSON.stringify(fill({ $gt: '', equals: 1 }))],
  ['lists where values belong', JSON.stringify(fill(['a', 1, null]))],
  ['negative numbers', JSON.stringify(fill(-1))],
  ['absurd numbers', JSON.stringify(fill(1e308))],
  ['huge strings', JSON.stringify(fill('x'.repeat(20_000)))],
  ['huge arrays', JSON.stringify(fill(Array.from({ length: 2_000 }, (_, i) => i)))],
]

/**
 * Text that is odd but may be legitimate (a region may be called "1e3"): never a 5xx, stored
 * verbatim when stored, never run as SQL or script; unknown fields are refused (400).
 */
const ODD: Array<[string, string]> = [
  ['numeric strings', JSON.stringify(fill('1e3'))],
  ['injection strings', JSON.stringify(fill("'; DROP TABLE users; -- <script>alert(1)</script>"))],
  ['unknown fields only', JSON.stringify({ isAdmin: true, staffRole: 'super_admin', id: 1 })],
  [
    'prototype pollution',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  ],
]

/**
 * Where any text is answered alike, only "no 5xx" is asserted: an SOS never fails on its
 * content (a panicking trekker's phone sends what it has), and a password reset says
 * "Success" for any e-mail so nobody can learn which addresses have accounts.
 */
const ACCEPTS_ANY_CONTENT = new Set(['/incidents', '/users/forgot-password'])
/** Not configured in tests: the endpoint says so with 503 before reading the token. */
const NOT_CONFIGURED = new Set(['/users/google', '/users/apple'])

const WATCHED: CollectionSlug[] = [
  'users',
  'regions',
  'treks',
  'batches',
  'itinerary-days',
  'guides',
  'bookings',
  'payments',
  'emergency-contacts',
  'points-transactions',
  'posts',
  'badges',
  'media',
  'refresh-tokens',
]

async function counts() {
  const entries = await Promise.all(
    WATCHED.map(
      async (slug) =>
        [
          slug,
          (await payload.count({ collection: slug, overrideAccess: true })).totalDocs,
        ] as const,
    ),
  )
  return Object.fromEntries(entries)
}

describe('hostile bodies on every write endpoint: 4xx, nothing written, server healthy', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
    await createCatalog(payload)
    regionId = (
      await payload.create({
        collection: 'regions',
        data: { name: unique('Hostile') },
        overrideAccess: true,
      })
    ).id
    contactId = (
      await payload.create({
        collection: 'emergency-contacts',
        data: {
          user: users.trekker.id,
          name: 'Kept',
          relationship: 'friend',
          phone: '+919812345670',
        },
        overrideAccess: true,
      })
    ).id
  })

  async function send(rawBody: string) {
    const answers: Array<{ method: string; path: string; status: number; body: any }> = []
    for (const [method, path, role] of endpoints()) {
      const token = role === 'anonymous' ? undefined : users[role].token
      const res = await viaRoute(method, `/api${path}`, {
        token,
        body: rawBody,
        headers: { 'Content-Type': 'application/json' },
      })
      answers.push({ method, path, ...res })
    }
    return answers
  }

  const describeAnswer = (answer: { method: string; path: string; status: number; body: any }) =>
    `${answer.method} ${answer.path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`

  async function expectUnharmed(before: Record<string, number>) {
    expect(await counts()).toEqual(before)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((await api('GET', '/health')).status).toBe(200)
    const region = await payload.findByID({ collection: 'regions', id: regionId })
    expect(region.name).toMatch(/^Hostile-/)
    const trekker = await payload.findByID({ collection: 'users', id: users.trekker.id })
    expect(trekker.staffRole ?? null).toBeNull()
  }

  it.each(INVALID)('answers %s with a 4xx everywhere and writes nothing', async (_, rawBody) => {
    const before = await counts()

    const answers = await send(rawBody)

    const wrong = answers.filter(
      (answer) =>
        answer.status >= 500 || (answer.status < 400 && !ACCEPTS_ANY_CONTENT.has(answer.path)),
    )
    expect(wrong.map(describeAnswer)).toEqual([])
    await expectUnharmed(before)
  })

  it.each(ODD)('answers %s without a server error or a privilege', async (_, rawBody) => {
    const before = await counts()

    const answers = await send(rawBody)

    const wrong = answers.filter(
      (answer) =>
        answer.status >= 500 && !(NOT_CONFIGURED.has(answer.path) && answer.status === 503),
    )
    expect(wrong.map(describeAnswer)).toEqual([])
    const created = answers.filter((answer) => answer.status === 201 && answer.body?.doc)
    for (const answer of created) {
      const doc = answer.body.doc
      for (const field of ['name', 'description', 'message'].filter((f) => f in doc && doc[f])) {
        expect(doc[field]).toBe(JSON.parse(rawBody)[field])
      }
    }
    const unexpected = created.filter((answer) => !['/regions', '/incidents'].includes(answer.path))
    expect(unexpected.map(describeAnswer)).toEqual([])
    const regionsMade = created.filter((answer) => answer.path === '/regions').length
    await expectUnharmed({ ...before, regions: before.regions + regionsMade })
  })

  it('answers a body nested thousands deep with 400 naming the depth, and a row that is no object with 400', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    const nested = await viaRoute('POST', '/api/payload-preferences', {
      token: users.cs.token,
      body: `{"key":"deep","value":${deep}}`,
      headers: { 'Content-Type': 'application/json' },
    })
    expect([nested.status, nested.body.errors[0].message]).toEqual([
      400,
      'The request body is nested more than 128 levels deep',
    ])
    const trek = await payload.create({
      collection: 'treks',
      data: {
        name: unique('Faq trek'),
        region: regionId,
        maxAltitude: 3800,
        durationDays: 6,
        difficulty: 'easy',
        faqs: [{ question: 'Snow in May?', answer: 'Above 3,500 m.' }],
      } as never,
      overrideAccess: true,
      draft: true,
    })
    const emptied = await viaRoute('PATCH', `/api/treks/${trek.id}`, {
      token: users.content.token,
      body: '{"faqs":[1]}',
      headers: { 'Content-Type': 'application/json' },
    })
    expect([emptied.status, emptied.body.errors[0].message]).toEqual([
      400,
      'faqs must be a list of rows, each an object of fields',
    ])
    const kept = await payload.findByID({ collection: 'treks', id: trek.id, overrideAccess: true })
    expect(kept.faqs).toHaveLength(1)
  })

  it('answers writes sent without a JSON body (none, a form, text, multipart) without a server error', async () => {
    const before = await counts()
    const multipartNull = new FormData()
    multipartNull.set('_payload', 'null')
    const shapes: Array<[string, () => RequestInit]> = [
      ['no body', () => ({})],
      [
        'a form body',
        () => ({
          body: 'email=asha%40mail.test&password=Long-enough-pass-1&name=Form',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
      ],
      ['a text body', () => ({ body: 'hello', headers: { 'Content-Type': 'text/plain' } })],
      ['multipart with a null _payload', () => ({ body: multipartNull })],
    ]
    const wrong: string[] = []
    for (const [shape, init] of shapes) {
      for (const [method, path, role] of endpoints()) {
        const token = role === 'anonymous' ? undefined : users[role].token
        const res = await viaRoute(method, `/api${path}`, { token, ...init() })
        if (res.status >= 500 && !(NOT_CONFIGURED.has(path) && res.status === 503)) {
          wrong.push(`${shape}: ${describeAnswer({ method, path, ...res })}`)
        }
      }
    }
    expect(wrong).toEqual([])
    const bare = await viaRoute('POST', '/api/users', {})
    expect(bare.status).toBe(400)
    expect(bare.body.errors[0].message).toBe(
      'Send the account as a JSON object (Content-Type: application/json).',
    )
    await expectUnharmed(before)

    // The admin's account pickers read with a POST, a form query and the method override.
    const picked = await viaRoute('POST', '/api/users', {
      token: users.super_admin.token,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Payload-HTTP-Method-Override': 'GET',
      },
      body: `depth=0&limit=10&where[id][equals]=${users.guide.id}`,
    })
    expect(picked.status).toBe(200)
    expect(picked.body.docs.map((doc: { id: number }) => doc.id)).toEqual([users.guide.id])
    // An override Payload does not honour ('get') is still a create, refused as one.
    const lower = await viaRoute('POST', '/api/users', {
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Payload-HTTP-Method-Override': 'get',
      },
      body: 'email=x%40mail.test',
    })
    expect(lower.status).toBe(400)

    // The admin's own shape, a multipart form with the account in `_payload`, still signs up.
    const form = new FormData()
    const email = `${unique('multipart')}@mail.test`.toLowerCase()
    form.set(
      '_payload',
      JSON.stringify({
        email,
        password: 'Long-enough-pass-1',
        firstName: 'Asha',
        lastName: 'Rawat',
      }),
    )
    const made = await viaRoute('POST', '/api/users', {
      body: form,
      headers: { 'X-Forwarded-For': '10.99.0.7' },
    })
    expect(made.status).toBe(201)
    expect(made.body.doc.email).toBe(email)
    await payload.delete({ collection: 'users', id: made.body.doc.id, overrideAccess: true })
  })

  it('answers GraphQL mutations with wrong types without a server error or a write', async () => {
    const before = await counts()
    const mutations = [
      `mutation { createRegion(data: { name: 12 }) { id } }`,
      `mutation { createRegion(data: { name: "${'x'.repeat(50_000)}" }) { id } }`,
      `mutation { createBatch(data: { trek: -1, startDate: "soon", endDate: "later", totalSeats: -5, price: 1e308 }) { id } }`,
      `mutation { updateRegion(id: 2147483647, data: { name: "x" }) { id } }`,
      `mutation { createBooking(data: { batch: 0 }) { id } }`,
    ]

    for (const query of mutations) {
      const res = await graphql(query, undefined, users.super_admin.token)
      expect(res.status).toBeLessThan(500)
      expect(res.body.errors?.length).toBeGreaterThan(0)
    }
    expect(await counts()).toEqual(before)
  })
})

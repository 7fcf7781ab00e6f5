import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { bookableBatch } from '../bookings/support'
import { pngBuffer } from '../catalog/images'
import { paragraph } from '../community/lexical'
import { createTrip } from '../emergency/trip'
import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, unique } from '../helpers/fixtures'
import { captureLogOutput } from '../helpers/logOutput'
import { testPayload } from '../helpers/payload'
import { graphqlPost, viaRoute } from './route'

/**
 * Hostile values from review round 23, each refused by the one guard that covers its class:
 * plain-value fields (src/access/scalarValues.ts), rich-text nodes (src/fields/lexicalShape.ts),
 * the `all` operator (src/access/queryLimits.ts), the route guards for multipart bodies and
 * Object.prototype names (src/security), and the SOS's own normalising.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let capture: ReturnType<typeof captureLogOutput> | undefined

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

afterEach(() => {
  capture?.stop()
  capture = undefined
})

/** Pino's error level: none of these refusals may log at it. */
const ERROR = 50
const errorLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number })
    .filter((entry) => entry.level >= ERROR)

const message = (body: any): string | undefined => body?.errors?.[0]?.message

describe('plain-value fields given an object, a list or a date that is none', () => {
  it('refuses an object with its own toString in a select, date, number or checkbox, by name', async () => {
    const { batch } = await bookableBatch(payload)
    const hostile = { toString: 'x', valueOf: 'y' }
    for (const [field, value] of [
      ['status', hostile],
      ['startDate', hostile],
      ['price', hostile],
      ['status', ['open']],
    ] as const) {
      const res = await api('PATCH', `/batches/${batch.id}`, {
        token: roles.ops_manager.token,
        body: { [field]: value },
      })
      expect({ field, status: res.status, message: message(res.body) }).toEqual({
        field,
        status: 400,
        message: expect.stringMatching(new RegExp(`^${field} must be`)),
      })
    }
  })

  it('refuses dates that do not exist and keeps a real one', async () => {
    const { batch } = await bookableBatch(payload)
    for (const value of ['x', '2026-13-45', '2026-02-30', '2027-02-29', 1e308, '+275760-09-13']) {
      const res = await api('PATCH', `/batches/${batch.id}`, {
        token: roles.ops_manager.token,
        body: { startDate: value },
      })
      expect({ value, status: res.status, message: message(res.body) }).toEqual({
        value,
        status: 400,
        message: 'startDate must be a date (such as 2026-10-01)',
      })
    }
    const member = await createUser(payload, null)
    const birth = await api('PATCH', `/users/${member.id}`, {
      token: member.token,
      body: { dateOfBirth: '1990-02-30' },
    })
    expect(birth.status).toBe(400)
    const leapDay = await api('PATCH', `/users/${member.id}`, {
      token: member.token,
      body: { dateOfBirth: '1992-02-29' },
    })
    expect(leapDay.status).toBe(200)
    expect(String(leapDay.body.doc.dateOfBirth)).toMatch(/^1992-02-29/)
  })

  it('refuses such a value inside an array row, naming the row (server code too)', async () => {
    const trip = await createTrip(payload)
    const sos = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: unique('hostile-row'), message: 'Twisted ankle' },
    })
    expect(sos.status).toBe(201)
    await expect(
      payload.update({
        collection: 'incidents',
        id: sos.body.doc.id,
        // What a JSON body can hold, whatever the generated types say.
        data: { log: [{ at: { toString: 'x' } as unknown as string, note: 'called' }] },
        overrideAccess: true,
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: 'log.0.at must be a date (such as 2026-10-01)',
    })
  })

  it("refuses a row's required text that shows nothing, naming the row, and keeps the rows", async () => {
    const trip = await createTrip(payload)
    const trekPath = `/treks/${trip.trek.id}`
    const kept = [{ question: 'Is there snow in May?', answer: 'Above 4,000 m, yes.' }]
    expect(
      (await api('PATCH', trekPath, { token: roles.content.token, body: { faqs: kept } })).status,
    ).toBe(200)
    for (const [faqs, message] of [
      [[...kept, { question: ' \u3164 ', answer: 'Yes' }], 'faqs.1.question must not be blank'],
      [[{ question: 'Permits?', answer: '\u200b\n' }], 'faqs.0.answer must not be blank'],
    ] as const) {
      const res = await api('PATCH', trekPath, { token: roles.content.token, body: { faqs } })
      expect([res.status, res.body.errors?.[0]?.message]).toEqual([400, message])
    }
    const gql = await graphql(
      `mutation { updateTrek(id: ${trip.trek.id}, data: { faqs: [{ question: "   ", answer: "No" }] }) { id } }`,
      undefined,
      roles.content.token,
    )
    expect(gql.body.errors?.[0]?.message).toBe('faqs.0.question must not be blank')
    const stored = await payload.findByID({ collection: 'treks', id: trip.trek.id, depth: 0 })
    expect(stored.faqs?.map(({ question, answer }) => ({ question, answer }))).toEqual(kept)
  })
})

describe('rich-text nodes that name a document', () => {
  const withNode = (node: Record<string, unknown>) => {
    const body = paragraph('Look')
    ;(body.root.children as unknown[]).push(node)
    return body
  }

  it('refuses a node naming no collection, or a value that is not an id', async () => {
    const member = await createUser(payload, null)
    const nodes: Array<Record<string, unknown>> = [
      { type: 'relationship', version: 2, format: '', relationTo: 'treks', value: { id: {} } },
      { type: 'relationship', version: 2, format: '', relationTo: 'hasOwnProperty', value: 1 },
      { type: 'upload', version: 3, format: '', relationTo: 'media', value: { toString: 'x' } },
      {
        type: 'link',
        version: 3,
        fields: { linkType: 'internal', doc: { relationTo: '__proto__', value: 1 } },
        children: [],
      },
    ]
    for (const node of nodes) {
      const res = await api('POST', '/posts', {
        token: member.token,
        body: { kind: 'feed', body: withNode(node) },
      })
      expect({ node, status: res.status, message: message(res.body) }).toEqual({
        node,
        status: 400,
        message: expect.stringMatching(/^body has a (relationship|upload|link) node/),
      })
    }
  })
})

describe('the `all` operator', () => {
  it('is 400 over REST (read, count, bulk update) and GraphQL, on has-many and array fields', async () => {
    capture = captureLogOutput()
    const member = await createUser(payload, null)
    const rest = [
      ['GET', '/posts?where[media][all]=1'],
      ['GET', '/posts/count?where[media][all]=1'],
      ['GET', '/treks?where[or][0][inclusions][all]=x'],
      ['PATCH', '/posts?where[media][all]=1'],
      ['DELETE', '/posts?where[media][all]=1'],
    ] as const
    for (const [method, path] of rest) {
      const res = await api(method, path, {
        token: member.token,
        ...(method === 'PATCH' ? { body: { kind: 'feed' } } : {}),
      })
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 400 })
    }
    const res = await graphql('{ Guides(where: { regions: { all: [1] } }) { docs { id } } }')
    expect(res.body.errors?.[0]?.extensions?.statusCode).toBe(400)
    expect(errorLines(capture.text())).toEqual([])
  })
})

describe('geometry operators on a JSON field', () => {
  it('are 400 naming the field, for staff who may read it', async () => {
    for (const operator of ['near', 'within', 'intersects']) {
      const res = await api('GET', `/notification-deliveries?where[params][${operator}]=1,2`, {
        token: roles.ops_manager.token,
      })
      expect({ operator, status: res.status, message: message(res.body) }).toEqual({
        operator,
        status: 400,
        message: `where[params][${operator}]: params (json) cannot be queried with ${operator}`,
      })
    }
  })
})

describe('multipart bodies through the route handlers', () => {
  it('refuses unreadable framing with 400 below error level, and still takes a real upload', async () => {
    capture = captureLogOutput()
    const member = await createUser(payload, null)
    const bad = await viaRoute('POST', '/api/media', {
      body: '--B\r\nno colon here\r\n\r\nx\r\n--B--\r\n',
      headers: { 'Content-Type': 'multipart/form-data; boundary=B' },
      token: member.token,
    })
    expect(bad.status).toBe(400)
    expect(errorLines(capture.text())).toEqual([])

    const form = new FormData()
    const png = new Uint8Array(await pngBuffer(40, 30))
    form.append('file', new Blob([png], { type: 'image/png' }), 'pass.png')
    form.append('_payload', JSON.stringify({ alt: 'The pass' }))
    const good = await viaRoute('POST', '/api/media', { body: form, token: member.token })
    expect(good.status).toBe(201)
    expect(good.body.doc.alt).toBe('The pass')
  })

  it('refuses a `_payload` nested 10,000 deep with 400, the admin internals included', async () => {
    capture = captureLogOutput()
    const trip = await createTrip(payload)
    const lists = '['.repeat(10_000) + ']'.repeat(10_000)
    const objects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)
    const answers: Record<string, [number, string]> = {}
    for (const [name, method, path, token, body] of [
      [
        'preference',
        'POST',
        '/api/payload-preferences',
        roles.cs.token,
        `{"key":"deep","value":${lists}}`,
      ],
      [
        'trek faqs',
        'PATCH',
        `/api/treks/${trip.trek.id}`,
        roles.content.token,
        `{"faqs":[{"question":${objects}}]}`,
      ],
      ['post', 'POST', '/api/posts', trip.trekker.token, `{"kind":"feed","body":${objects}}`],
      ['upload alt', 'POST', '/api/media', trip.trekker.token, `{"alt":${lists}}`],
    ] as const) {
      const form = new FormData()
      form.append('_payload', body)
      const res = await viaRoute(method, path, { body: form, token })
      answers[name] = [res.status, res.body.errors?.[0]?.message]
    }
    const refused: [number, string] = [400, 'The request body is nested more than 128 levels deep']
    expect(answers).toEqual({
      preference: refused,
      'trek faqs': refused,
      post: refused,
      'upload alt': refused,
    })
    expect(errorLines(capture.text())).toEqual([])
  })

  it('answers GraphQL a multipart body with 415', async () => {
    const res = await viaRoute(
      'POST',
      '/api/graphql',
      {
        body: '--B\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ Treks { totalDocs } }\r\n--B--\r\n',
        headers: { 'Content-Type': 'multipart/form-data; boundary=B' },
      },
      graphqlPost,
    )
    expect(res.status).toBe(415)
  })
})

describe('collection paths named like Object.prototype members', () => {
  it('are 404 for every method, while a real collection still answers', async () => {
    for (const [method, path] of [
      ['POST', '/api/constructor'],
      ['PATCH', '/api/valueOf/1'],
      ['DELETE', '/api/hasOwnProperty/1'],
      ['POST', '/api/__proto__/login'],
      ['GET', '/api/isPrototypeOf/count'],
    ]) {
      const res = await viaRoute(method, path, {
        body: method === 'GET' ? undefined : '{}',
        headers: { 'Content-Type': 'application/json' },
      })
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 })
    }
    expect((await viaRoute('GET', '/api/treks?limit=1')).status).toBe(200)
  })
})

describe('an SOS with characters the database cannot store or odd fields', () => {
  it('stores the SOS with the NULs dropped from its clientId and message', async () => {
    const trip = await createTrip(payload)
    const clientId = unique('nul')
    const sent = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: {
        clientId: `${clientId}\u0000`,
        message: '\u0000Rockfall\u0000 near camp',
        batch: [1],
      },
    })
    expect(sent.status).toBe(201)
    expect(sent.body.doc).toMatchObject({ clientId, message: 'Rockfall near camp' })
    const retry = await api('POST', '/incidents', {
      token: trip.trekker.token,
      body: { clientId: `${clientId}\u0000`, message: 'Rockfall near camp' },
    })
    expect(retry.status).toBe(200)
    expect(retry.body.doc.id).toBe(sent.body.doc.id)
  })
})

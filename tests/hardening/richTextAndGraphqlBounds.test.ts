import { beforeAll, describe, expect, it } from '@jest/globals'
import { GRAPHQL_POST } from '@payloadcms/next/routes'
import type { Payload } from 'payload'

import { paragraph } from '../community/lexical'
import { api, graphql } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import { config, testPayload } from '../helpers/payload'
import { graphqlPost, viaRoute } from './route'

let payload: Payload
let author: TestUser

beforeAll(async () => {
  payload = await testPayload()
  author = await createUser(payload, null)
})

/** A paragraph nested `levels` deep inside the root. */
function nested(levels: number) {
  let node: Record<string, unknown> = { type: 'text', text: 'x', version: 1 }
  for (let i = 0; i < levels; i += 1) {
    node = { type: 'paragraph', version: 1, children: [node] }
  }
  return { root: { type: 'root', version: 1, children: [node] } }
}

const post = (body: unknown) =>
  api('POST', '/posts', { token: author.token, body: { kind: 'feed', body } })

describe('rich-text bodies must be bounded Lexical documents', () => {
  it('refuses a body whose node children is not a list, naming the field', async () => {
    const res = await post({
      root: { type: 'root', children: [{ type: 'paragraph', children: 'x' }] },
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe('body has a node whose `children` is not a list')
  })

  it('refuses nesting past 50 levels and accepts 49', async () => {
    const deep = await post(nested(60))
    expect(deep.status).toBe(400)
    expect(deep.body.errors[0].message).toBe('body is nested deeper than 50 levels')
    expect((await post(nested(49))).status).toBe(201)
  })

  it('still accepts an ordinary paragraph', async () => {
    expect((await post(paragraph('Sunrise at Kedarkantha'))).status).toBe(201)
  })
})

describe('GraphQL root fields per operation', () => {
  const aliased = (count: number) =>
    `{ ${Array.from({ length: count }, (_, i) => `a${i}: Treks(limit: 1) { docs { id } }`).join(' ')} }`

  it('runs 20 aliased collection queries', async () => {
    const res = await graphql(aliased(20))
    expect(res.status).toBe(200)
    expect(res.body.errors).toBeUndefined()
    expect(Object.keys(res.body.data)).toHaveLength(20)
  })

  const message =
    'An operation may select at most 20 root fields (queries or mutations, aliases included); this one selects 21. Split it into several requests.'

  it('refuses 21 before running any, with a 400 for GraphQL-over-HTTP clients', async () => {
    const response = await GRAPHQL_POST(config)(
      new Request('http://localhost:3000/api/graphql', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/graphql-response+json',
        },
        body: JSON.stringify({ query: aliased(21) }),
      }),
    )
    const body = await response.json()
    expect(response.status).toBe(400)
    expect(body.data).toBeUndefined()
    expect(body.errors[0].message).toBe(message)
  })

  it('answers legacy application/json clients with the same error (status 200, as the spec says)', async () => {
    const res = await graphql(aliased(21))
    expect(res.status).toBe(200)
    expect(res.body.data).toBeUndefined()
    expect(res.body.errors?.[0].message).toBe(message)
  })
})

describe('GraphQL requests the schema has no answer for', () => {
  it('answers a subscription 400, not 500 (there are none), and still runs queries', async () => {
    const send = (query: string) =>
      viaRoute(
        'POST',
        '/api/graphql',
        { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) },
        graphqlPost,
      )
    for (const query of [
      'subscription { x }',
      'query A { Treks { totalDocs } } subscription B { x }',
    ]) {
      const res = await send(query)
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe(
        'This API has no subscriptions: send a query or a mutation.',
      )
    }
    const treks = await send('{ Treks(limit: 1) { totalDocs } }')
    expect(treks.status).toBe(200)
    expect(typeof treks.body.data.Treks.totalDocs).toBe('number')
  })

  it('answers the permissions query false for whoever may not use the admin, true for staff', async () => {
    const staff = await createUser(payload, 'content')
    const asked = async (token?: string) => {
      const res = await graphql('{ Access { canAccessAdmin } }', undefined, token)
      expect(res.body.errors ?? []).toEqual([])
      return res.body.data.Access.canAccessAdmin
    }
    expect(await asked()).toBe(false)
    expect(await asked(author.token)).toBe(false)
    expect(await asked(staff.token)).toBe(true)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { countQueries } from '../helpers/queryCount'
import { paragraph } from './lexical'

let payload: Payload
let author: TestUser

const post = async (text: string, user: TestUser = author) => {
  const res = await api('POST', '/posts', {
    token: user.token,
    body: { kind: 'feed', body: paragraph(text) },
  })
  expect(res.status).toBe(201)
  return res.body.doc.id as number
}

const feed = (query: string, token?: string) => api('GET', `/posts/feed?${query}`, { token })

/** Follows nextCursor to the end, running `between` after each page (to insert posts). */
async function scroll(
  query: string,
  between: (page: number) => Promise<void> = async () => undefined,
) {
  const seen: number[] = []
  let cursor: string | null = null
  for (let page = 0; page < 50; page++) {
    const res = await feed(`${query}${cursor ? `&cursor=${cursor}` : ''}`)
    expect(res.status).toBe(200)
    seen.push(...res.body.docs.map((doc: { id: number }) => doc.id))
    cursor = res.body.nextCursor
    if (!cursor) {
      return seen
    }
    await between(page)
  }
  throw new Error('the feed never ended')
}

beforeAll(async () => {
  payload = await testPayload()
  author = await createUser(payload, null, { tribeHandle: `feed_${Date.now().toString(36)}` })
})

describe('GET /api/posts/feed', () => {
  let existing: number[]

  beforeAll(async () => {
    existing = []
    for (let i = 0; i < 11; i++) {
      existing.push(await post(`Post ${i}`))
    }
    // Three posts written in the same millisecond: the id breaks the tie.
    const tied = existing.slice(4, 7)
    await payload.db.drizzle.execute(
      sql`update posts set created_at = (select created_at from posts where id = ${tied[0]}) where id in (${sql.join(tied, sql`, `)})`,
    )
    existing.reverse()
  })

  it('pages newest first, by (createdAt, id), to the end without a skip or a repeat', async () => {
    const seen = await scroll(`author=${author.id}&limit=3`)

    expect(seen).toEqual(existing.slice().sort((a, b) => b - a))
  })

  it('neither skips nor repeats a post when new ones arrive while scrolling', async () => {
    const added: number[] = []
    const seen = await scroll(`author=${author.id}&limit=4`, async () => {
      added.push(await post('Breaking news from the trail'))
    })

    const ordered = existing.slice().sort((a, b) => b - a)
    expect(seen).toEqual(ordered)
    expect(new Set(seen).size).toBe(seen.length)
    const first = await feed(`author=${author.id}&limit=2`)
    expect(first.body.docs.map((doc: { id: number }) => doc.id)).toEqual(added.slice(-2).reverse())
    existing.unshift(...added.reverse())
  })

  it('leaves hidden posts out and shows a public author card without contact details', async () => {
    const moderator = await createUser(payload, 'content')
    const hidden = await post('To be hidden')
    await api('PATCH', `/posts/${hidden}`, {
      token: moderator.token,
      body: { status: 'hidden', hiddenReason: 'Spam' },
    })

    const res = await feed(`author=${author.id}&limit=50`)

    expect(res.body.docs.map((doc: { id: number }) => doc.id)).not.toContain(hidden)
    expect(res.body.docs[0].author).toEqual({
      id: author.id,
      firstName: 'Test',
      tribeHandle: expect.stringMatching(/^feed_/),
      profilePhoto: null,
    })
    expect(res.body.docs[0].author.email).toBeUndefined()
    expect(res.body.docs[0].hiddenReason).toBeUndefined()
  })

  it('costs the same number of SQL statements for a page of 2 and a page of 10', async () => {
    const small = await countQueries(payload, () => feed(`author=${author.id}&limit=2`))
    const large = await countQueries(payload, () => feed(`author=${author.id}&limit=10`))

    expect(large.result.body.docs).toHaveLength(10)
    expect(large.queries.length).toBe(small.queries.length)
  })

  it('answers 400 to a forged cursor or a bad limit', async () => {
    const forged = await feed('cursor=bm90LWEtY3Vyc29y')
    const badLimit = await feed('limit=-4')
    const zeroLimit = await feed('limit=0')
    const wordLimit = await feed('limit=abc')
    const badKind = await feed('kind=adverts')

    expect(forged.status).toBe(400)
    expect(forged.body.errors[0].message).toMatch(/cursor/)
    expect(badLimit.status).toBe(400)
    for (const res of [badLimit, zeroLimit, wordLimit]) {
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe(
        'limit must be a whole number of 1 or more (a page holds at most 50)',
      )
    }
    expect(badKind.status).toBe(400)
  })

  it('caps the page size', async () => {
    const res = await feed('limit=1000')

    expect(res.status).toBe(200)
    expect(res.body.docs.length).toBeLessThanOrEqual(50)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { createTrekBatch } from '../helpers/trips'

/** The smallest post body the README shows: one paragraph of plain text. */
const README_POST_BODY = {
  root: {
    type: 'root',
    version: 1,
    children: [
      {
        type: 'paragraph',
        version: 1,
        children: [{ type: 'text', version: 1, text: 'Sunrise at Kedarkantha' }],
      },
    ],
  },
}

let payload: Payload
let trekker: TestUser
let content: TestUser

beforeAll(async () => {
  payload = await testPayload()
  trekker = await createUser(payload, null)
  content = (await createRoleUsers(payload)).content
})

describe('the README examples work as written', () => {
  it('creates a post with the minimal Lexical body', async () => {
    const res = await api('POST', '/posts', {
      token: trekker.token,
      body: { kind: 'feed', body: README_POST_BODY },
    })

    expect(res.status).toBe(201)
    expect(res.body.doc.body.root.children[0].children[0].text).toBe('Sunrise at Kedarkantha')
  })

  it('lets content hide a post only with a reason, and restore it', async () => {
    const post = await api('POST', '/posts', {
      token: trekker.token,
      body: { kind: 'feed', body: README_POST_BODY },
    })
    const hide = (body: Record<string, unknown>) =>
      api('PATCH', `/posts/${post.body.doc.id}?depth=0`, { token: content.token, body })

    const noReason = await hide({ status: 'hidden' })
    const hidden = await hide({ status: 'hidden', hiddenReason: 'Advertising is not allowed' })
    const restored = await hide({ status: 'published' })

    expect(noReason.status).toBe(400)
    expect(noReason.body.errors[0].data.errors[0]).toMatchObject({
      path: 'hiddenReason',
      message: 'Give a reason when hiding a post',
    })
    expect(hidden.status).toBe(200)
    expect(hidden.body.doc).toMatchObject({ status: 'hidden', hiddenBy: content.id })
    expect(restored.body.doc).toMatchObject({ status: 'published', hiddenReason: null })
  })

  it('lets content define the first-post badge with the body the README shows', async () => {
    // One badge per rule in the whole database, shared by test files (tests/community/badges):
    // when another file of this worker made it already, the same body edits it instead.
    const body = { name: 'First post', rule: 'first_post', points: 50 }
    const { docs } = await payload.find({
      collection: 'badges',
      where: { rule: { equals: 'first_post' } },
      overrideAccess: true,
      depth: 0,
    })
    const res = docs[0]
      ? await api('PATCH', `/badges/${docs[0].id}`, { token: content.token, body })
      : await api('POST', '/badges', { token: content.token, body })

    expect(res.status).toBe(docs[0] ? 200 : 201)
    expect(res.body.doc).toMatchObject({ name: 'First post', rule: 'first_post', points: 50 })
    // The slug is made from the name when the badge is created (an edit keeps its slug).
    expect(res.body.doc.slug).toBe(docs[0] ? docs[0].slug : 'first-post')
  })

  it('answers a trek list with select[description]=true with the id and that field only', async () => {
    await createTrekBatch(payload)

    const res = await api('GET', '/treks?limit=5&select[description]=true')

    expect(res.status).toBe(200)
    expect(res.body.docs.length).toBeGreaterThan(0)
    for (const trek of res.body.docs) {
      expect(Object.keys(trek).sort()).toEqual(['description', 'id'])
    }
  })
})

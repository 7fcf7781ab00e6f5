import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'
import { paragraph, textOf } from './lexical'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let author: TestUser

const write = (user: TestUser | undefined, body: Record<string, unknown>) =>
  api('POST', '/posts', {
    token: user?.token,
    body: { kind: 'feed', body: paragraph('Sunrise at Kedarkantha'), ...body },
  })

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
  author = await createUser(payload, null)
})

describe('writing posts', () => {
  it('fills the author from the caller and publishes, whatever the client sends', async () => {
    const res = await write(author, {
      author: roles.trekker.id,
      status: 'hidden',
      hiddenReason: 'x',
    })

    expect(res.status).toBe(201)
    expect(res.body.doc.author).toMatchObject({ id: author.id })
    expect(res.body.doc.status).toBe('published')
    expect(res.body.doc.hiddenReason ?? null).toBeNull()
  })

  it('lets trekkers, guides and super admins write, and nobody else', async () => {
    const allowed = await Promise.all(
      [roles.trekker, roles.guide, roles.super_admin].map((user) => write(user, {})),
    )
    const refused = await Promise.all(
      [roles.content, roles.cs, roles.ops_manager, roles.finance, undefined].map((user) =>
        write(user, {}),
      ),
    )

    expect(allowed.map((res) => res.status)).toEqual([201, 201, 201])
    expect(refused.map((res) => res.status)).toEqual([403, 403, 403, 403, 401])
  })

  it('lets an author edit and delete their own post, and no other trekker', async () => {
    const post = (await write(author, {})).body.doc

    const edited = await api('PATCH', `/posts/${post.id}`, {
      token: author.token,
      body: { body: paragraph('Edited') },
    })
    const stranger = await api('PATCH', `/posts/${post.id}`, {
      token: roles.trekker.token,
      body: { body: paragraph('Mine now') },
    })
    const strangerDelete = await api('DELETE', `/posts/${post.id}`, { token: roles.trekker.token })
    const deleted = await api('DELETE', `/posts/${post.id}`, { token: author.token })

    expect(edited.status).toBe(200)
    expect(textOf(edited.body.doc.body)).toBe('Edited')
    expect([403, 404]).toContain(stranger.status)
    expect([403, 404]).toContain(strangerDelete.status)
    expect(deleted.status).toBe(200)
  })

  it('requires a batch the author was on for a journal entry, not just a trek', async () => {
    const { trek, batch } = await createTrekBatch(payload)
    await createBooking(payload, author, batch, 'completed')

    const bare = await write(author, { kind: 'journal' })
    const notBooked = await write(roles.trekker, { kind: 'journal', batch: batch.id })
    const booked = await write(author, { kind: 'journal', batch: batch.id })
    const onTrek = await write(roles.trekker, { kind: 'journal', trek: trek.id })

    expect(bare.status).toBe(400)
    expect(bare.body.errors[0].message).toBe(
      'A journal entry belongs to a trip: name the batch you were on',
    )
    expect(notBooked.status).toBe(403)
    expect(booked.status).toBe(201)
    expect(booked.body.doc.trek).toMatchObject({ id: trek.id })
    // A trek alone proves nothing: anyone could journal any trek, drafts included.
    expect(onTrek.status).toBe(400)
  })

  it('keeps a trek archived after the trip usable for its journals and posts', async () => {
    const { trek, batch } = await createTrekBatch(payload)
    await createBooking(payload, author, batch, 'completed')
    const tagged = await write(author, { trek: trek.id })
    expect(tagged.status).toBe(201)
    await payload.update({
      collection: 'treks',
      id: trek.id,
      data: { status: 'archived' },
      overrideAccess: true,
    })

    // Trekkers cannot read an archived trek, yet the journal's trek comes from its batch and
    // a post keeps the trek it already names.
    const journal = await write(author, { kind: 'journal', batch: batch.id })
    const edited = await api('PATCH', `/posts/${tagged.body.doc.id}?depth=0`, {
      token: author.token,
      body: { body: paragraph('Still the best week of the year') },
    })
    const newlyTagged = await write(author, { trek: trek.id })

    expect(journal.status).toBe(201)
    expect(edited.status).toBe(200)
    expect(edited.body.doc.trek).toBe(trek.id)
    expect(newlyTagged.status).toBe(400)
  })
})

describe('moderation and who sees hidden posts', () => {
  let postId: number

  beforeAll(async () => {
    postId = (await write(author, { body: paragraph('Off-topic advert') })).body.doc.id
  })

  it('needs a reason to hide a post', async () => {
    const res = await api('PATCH', `/posts/${postId}`, {
      token: roles.content.token,
      body: { status: 'hidden' },
    })

    expect(res.status).toBe(400)
    expect(res.body.errors[0].data?.errors?.[0]?.message ?? res.body.errors[0].message).toMatch(
      /reason/,
    )
  })

  it('lets content hide a post with a reason, but not rewrite it', async () => {
    const res = await api('PATCH', `/posts/${postId}?depth=0`, {
      token: roles.content.token,
      body: {
        status: 'hidden',
        hiddenReason: 'Advertising is not allowed',
        body: paragraph('Censored'),
      },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc).toMatchObject({
      status: 'hidden',
      hiddenReason: 'Advertising is not allowed',
      hiddenBy: roles.content.id,
    })
    expect(res.body.doc.hiddenAt).toBeTruthy()
    expect(textOf(res.body.doc.body)).toBe('Off-topic advert')
  })

  it('shows the hidden post, with its reason, only to its author and moderators', async () => {
    for (const user of [author, roles.content, roles.cs, roles.super_admin]) {
      const res = await api('GET', `/posts/${postId}`, { token: user.token })
      expect(res.status).toBe(200)
      expect(res.body.hiddenReason).toBe('Advertising is not allowed')
    }
    for (const user of [roles.trekker, roles.guide, roles.ops_manager, roles.finance, undefined]) {
      const one = await api('GET', `/posts/${postId}`, { token: user?.token })
      const list = await api('GET', `/posts?where[id][equals]=${postId}`, { token: user?.token })
      expect(one.status).toBe(404)
      expect(list.body.docs).toEqual([])
    }
  })

  it('keeps hidden posts and their reasons out of GraphQL for others', async () => {
    const query = `query { Posts(where: { id: { equals: ${postId} } }) { docs { id hiddenReason } } }`
    const byReason = `query { Posts(where: { hiddenReason: { like: "Advert" } }) { docs { id } } }`

    const anonymous = await graphql(query)
    const owner = await graphql(query, undefined, author.token)
    const probing = await graphql(byReason, undefined, roles.trekker.token)

    expect(anonymous.body.data.Posts.docs).toEqual([])
    expect(owner.body.data.Posts.docs).toEqual([
      { id: postId, hiddenReason: 'Advertising is not allowed' },
    ])
    expect(probing.body.errors?.length ?? 0).toBeGreaterThan(0)
  })

  it('does not let the author or other staff unhide it, and lets cs restore it', async () => {
    const byAuthor = await api('PATCH', `/posts/${postId}?depth=0`, {
      token: author.token,
      body: { status: 'published' },
    })
    const byOps = await api('PATCH', `/posts/${postId}?depth=0`, {
      token: roles.ops_manager.token,
      body: { status: 'published' },
    })
    const byCs = await api('PATCH', `/posts/${postId}?depth=0`, {
      token: roles.cs.token,
      body: { status: 'published' },
    })

    expect(byAuthor.body.doc.status).toBe('hidden')
    expect([403, 404]).toContain(byOps.status)
    expect(byCs.status).toBe(200)
    expect(byCs.body.doc).toMatchObject({
      status: 'published',
      hiddenReason: null,
      hiddenBy: null,
      hiddenAt: null,
    })
  })
})

describe('posts over GraphQL', () => {
  const create = (token?: string) =>
    graphql(
      `mutation($body: JSON!) { createPost(data: { kind: feed, body: $body, author: ${roles.trekker.id}, status: hidden }) { id status author { id } } }`,
      { body: paragraph('From GraphQL') },
      token,
    )

  it('writes as the caller, published, and refuses the roles REST refuses', async () => {
    const byAuthor = await create(author.token)
    const byFinance = await create(roles.finance.token)
    const anonymous = await create()

    expect(byAuthor.body.errors).toBeUndefined()
    expect(byAuthor.body.data.createPost).toMatchObject({
      status: 'published',
      author: { id: author.id },
    })
    expect(byFinance.body.errors?.[0].message).toMatch(/not allowed/i)
    expect(anonymous.body.errors?.[0].message).toMatch(/not allowed/i)
  })

  it('does not let another trekker edit a post', async () => {
    const postId = (await write(author, {})).body.doc.id

    const res = await graphql(
      `mutation($body: JSON!) { updatePost(id: ${postId}, data: { body: $body }) { id } }`,
      { body: paragraph('Hijacked') },
      roles.trekker.token,
    )
    const stored = await payload.findByID({ collection: 'posts', id: postId, overrideAccess: true })

    expect(res.body.errors?.length).toBeGreaterThan(0)
    expect(textOf(stored.body)).toBe('Sunrise at Kedarkantha')
  })
})

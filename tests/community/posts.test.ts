import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'
import { picture } from '../media/members'
import { paragraph, textOf, withPicture } from './lexical'

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
    expect(anonymous.body.errors?.[0].message).toMatch(/sign in/i)
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

describe('a post’s dates are the server’s (review round 21)', () => {
  it('ignores a createdAt or updatedAt sent on a create or edit, over REST and GraphQL', async () => {
    const dater = await createUser(payload, null)
    const before = Date.now()

    const pinned = await write(dater, {
      createdAt: '2099-01-01T00:00:00.000Z',
      updatedAt: '2099-01-01T00:00:00.000Z',
    })
    expect(pinned.status).toBe(201)
    const created = Date.parse(pinned.body.doc.createdAt)
    expect(created).toBeGreaterThanOrEqual(before - 1000)
    expect(created).toBeLessThanOrEqual(Date.now())

    const edited = await api('PATCH', `/posts/${pinned.body.doc.id}`, {
      token: dater.token,
      body: { createdAt: '2098-01-01T00:00:00.000Z', updatedAt: 1e20 },
    })
    expect(edited.status).toBe(200)
    const viaGraphql = await graphql(
      `mutation { updatePost(id: ${pinned.body.doc.id}, data: { createdAt: "2097-01-01T00:00:00.000Z" }) { id createdAt } }`,
      undefined,
      dater.token,
    )
    expect(viaGraphql.body.errors).toBeUndefined()

    const stored = await payload.findByID({
      collection: 'posts',
      id: pinned.body.doc.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(stored.createdAt).toBe(pinned.body.doc.createdAt)
    expect(Date.parse(stored.updatedAt)).toBeLessThanOrEqual(Date.now())
  })
})

/** A post body holding one link (or autolink) with `url`. */
const linked = (url: string, type: 'link' | 'autolink' = 'link') => ({
  root: {
    type: 'root',
    version: 1,
    children: [
      {
        type: 'paragraph',
        version: 1,
        children: [
          {
            type,
            version: 3,
            fields: { url, linkType: 'custom' },
            children: [{ type: 'text', version: 1, text: 'Our trek photos' }],
          },
        ],
      },
    ],
  },
})

describe('links in a post (review round 20)', () => {
  const LINK_REFUSED =
    'Links may be http, https, mailto or tel addresses, paths on this site or #anchors'
  let linker: TestUser

  beforeAll(async () => {
    linker = await createUser(payload, null)
  })

  it.each([
    'javascript:alert(document.cookie)',
    'JaVaScRiPt:alert(1)',
    ' \tjava\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'javascript://example.com/%0aalert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'VBScript:msgbox(1)',
    'javascript&colon;alert(1)',
    'file:///etc/passwd',
  ])('refuses %j with 400 on body, as a link and as an autolink', async (url) => {
    for (const type of ['link', 'autolink'] as const) {
      const res = await write(linker, { body: linked(url, type) })

      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe('The following field is invalid: body')
      expect(res.body.errors[0].data.errors).toEqual([{ path: 'body', message: LINK_REFUSED }])
    }
  })

  it.each([
    'https://obs.example/treks/kedarkantha',
    'HTTP://obs.example',
    'mailto:trips@obs.example',
    'tel:+919800000000',
    '/treks/kedarkantha',
    'treks/kedarkantha?day=2',
    '#day-2',
  ])('accepts %j', async (url) => {
    const res = await write(linker, { body: linked(url) })

    expect(res.status).toBe(201)
  })

  it('refuses a script link added by an edit, over REST and GraphQL', async () => {
    const postId = (await write(linker, {})).body.doc.id

    const rest = await api('PATCH', `/posts/${postId}`, {
      token: linker.token,
      body: { body: linked('javascript:alert(1)') },
    })
    const overGraphql = await graphql(
      `mutation($body: JSON!) { updatePost(id: ${postId}, data: { body: $body }) { id } }`,
      { body: linked('data:text/html,<script>alert(1)</script>') },
      author.token,
    )

    expect(rest.status).toBe(400)
    expect(rest.body.errors[0].data.errors).toEqual([{ path: 'body', message: LINK_REFUSED }])
    expect(overGraphql.body.errors?.[0]?.message).toBe('The following field is invalid: body')
    const stored = await payload.findByID({ collection: 'posts', id: postId, overrideAccess: true })
    expect(textOf(stored.body)).toBe('Sunrise at Kedarkantha')
  })
})

describe('how much a post may hold (review round 20)', () => {
  const limit = env.limits.postMaxChars
  let writer: TestUser

  beforeAll(async () => {
    writer = await createUser(payload, null)
  })

  it('refuses a body with more text than POST_MAX_CHARS, counting every text node', async () => {
    const half = 'x'.repeat(limit / 2)
    const body = paragraph(half)
    body.root.children.push({ ...body.root.children[0] })
    const atLimit = await write(writer, { body })
    body.root.children.push({
      ...body.root.children[0],
      children: [{ ...body.root.children[0].children[0], text: 'y' }],
    })

    const over = await write(writer, { body })
    const huge = await write(writer, { body: paragraph('x'.repeat(900_000)) })

    expect(atLimit.status).toBe(201)
    expect(over.status).toBe(400)
    expect(over.body.errors[0].data.errors).toEqual([
      {
        path: 'body',
        message: `A post may hold at most ${limit} characters of text (this one has ${limit + 1})`,
      },
    ])
    expect(huge.status).toBe(400)
    expect(huge.body.errors[0].data.errors[0].path).toBe('body')
  })

  it('refuses megabytes hidden in node properties that are not text', async () => {
    const body: any = paragraph('Short')
    body.root.children[0].children[0].style = 'x'.repeat(300_000)

    const res = await write(writer, { body })

    expect(res.status).toBe(400)
    const stored = JSON.stringify(body).length
    expect(res.body.errors[0].data.errors).toEqual([
      {
        path: 'body',
        message:
          `A post's body may be at most ${limit * 25} characters as stored, formatting ` +
          `included (this one has ${stored})`,
      },
    ])
  })
})

describe('documents a post’s body names (review round 23)', () => {
  let writer: TestUser

  beforeAll(async () => {
    writer = await createUser(payload, null)
  })

  const naming = (nodes: unknown[]) => {
    const body = paragraph('Our trip')
    body.root.children.push(...(nodes as never[]))
    return body
  }
  const relationship = (relationTo: string, value: number) => ({
    type: 'relationship',
    version: 2,
    format: '',
    relationTo,
    value,
  })
  const internalLink = (relationTo: string, value: number) => ({
    type: 'paragraph',
    version: 1,
    children: [
      {
        type: 'link',
        version: 3,
        fields: { linkType: 'internal', doc: { relationTo, value }, newTab: false },
        children: [{ type: 'text', version: 1, text: 'that post' }],
      },
    ],
  })

  it('refuses more than 20 relationship, upload and internal-link nodes together', async () => {
    const other = await write(writer, {})
    const { trek } = await createTrekBatch(payload)
    const own = await picture(writer.token, 'camp.png')
    const twenty = [
      ...Array.from({ length: 10 }, () => relationship('treks', trek.id)),
      ...Array.from({ length: 5 }, () => internalLink('posts', other.body.doc.id)),
      ...Array.from({ length: 5 }, () => withPicture('', own.id).root.children[1]),
    ]

    const atCap = await write(writer, { body: naming(twenty) })
    const over = await write(writer, {
      body: naming([...twenty, relationship('posts', other.body.doc.id)]),
    })

    expect(atCap.status).toBe(201)
    expect(over.status).toBe(400)
    expect(over.body.errors[0].data.errors).toEqual([
      {
        path: 'body',
        message:
          'A post may show or link at most 20 pictures, posts, treks or other pages in its ' +
          'text (this one has 21)',
      },
    ])
  })

  it('reads relationship nodes and internal links as ids, upload nodes with their picture', async () => {
    const other = await write(writer, {})
    const own = await picture(writer.token, 'ridge.png')
    const created = await write(writer, {
      body: naming([
        relationship('posts', other.body.doc.id),
        internalLink('posts', other.body.doc.id),
        withPicture('', own.id).root.children[1],
      ]),
    })
    expect(created.status).toBe(201)

    // The author: a picture shown only in a body stays private to its uploader.
    for (const read of [
      await api('GET', `/posts/${created.body.doc.id}?depth=3`, { token: writer.token }),
      await graphql(`{ Post(id: ${created.body.doc.id}) { body } }`, undefined, writer.token),
    ]) {
      const body = read.body.body ?? read.body.data.Post.body
      const [, node, linkParagraph, uploadNode] = body.root.children
      expect(node.value).toBe(other.body.doc.id)
      expect(linkParagraph.children[0].fields.doc.value).toBe(other.body.doc.id)
      expect(uploadNode.value).toMatchObject({ id: own.id, url: expect.any(String) })
    }
  })
})

describe('posts per member per hour (review round 20)', () => {
  const configured = env.limits.memberPostsPerHour

  beforeAll(() => {
    env.limits.memberPostsPerHour = 2
  })

  afterAll(() => {
    env.limits.memberPostsPerHour = configured
  })

  it('gives a trekker past the cap 429 with Retry-After, and stores nothing', async () => {
    const trekker = await createUser(payload, null)
    expect((await write(trekker, {})).status).toBe(201)
    expect((await write(trekker, {})).status).toBe(201)

    const refused = await write(trekker, {})

    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].message).toBe('Too many posts from this account: try again later')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    const stored = await payload.count({
      collection: 'posts',
      where: { author: { equals: trekker.id } },
      overrideAccess: true,
    })
    expect(stored.totalDocs).toBe(2)
  })

  it('counts each member on its own, guides too, and not a refused body', async () => {
    const other = await createUser(payload, null)
    const guide = await createUser(payload, 'guide')
    expect((await write(other, { body: linked('javascript:alert(1)') })).status).toBe(400)

    expect((await write(other, {})).status).toBe(201)
    expect((await write(other, {})).status).toBe(201)
    const statuses = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await write(guide, {})).status)
    }
    expect(statuses).toEqual([201, 201, 429])
  })

  it('does not limit a super admin, nor edits', async () => {
    const statuses = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await write(roles.super_admin, {})).status)
    }
    const trekker = await createUser(payload, null)
    const postId = (await write(trekker, {})).body.doc.id
    await write(trekker, {})
    const edits = []
    for (let i = 0; i < 3; i++) {
      edits.push(
        (
          await api('PATCH', `/posts/${postId}`, {
            token: trekker.token,
            body: { body: paragraph(`Edit ${i}`) },
          })
        ).status,
      )
    }

    expect(statuses).toEqual([201, 201, 201])
    expect(edits).toEqual([200, 200, 200])
  })
})

describe('the pictures a post shows are its author’s or the catalog’s (review round 20)', () => {
  const MEDIA_REFUSED = {
    path: 'media',
    message: 'Choose pictures you uploaded yourself or catalog pictures',
  }
  const BODY_REFUSED = {
    path: 'body',
    message: 'Pictures in a post must be ones you uploaded yourself or catalog pictures',
  }
  const refusal = (res: { status: number; body: any }) => ({
    status: res.status,
    errors: res.body.errors?.[0]?.data?.errors,
  })

  it('takes the author’s own uploads and catalog pictures, in media and in the body', async () => {
    const member = await createUser(payload, null)
    const own = await picture(member.token, 'own.png')
    const catalog = await picture(roles.content.token, 'catalog.png')

    const res = await write(member, {
      media: [own.id, catalog.id],
      body: withPicture('Our camp', own.id),
    })
    expect(res.status).toBe(201)
    const withCatalog = await write(member, { body: withPicture('The ridge', catalog.id) })
    expect(withCatalog.status).toBe(201)
  })

  it('refuses another member’s upload in media or the body, on create and edit, REST and GraphQL', async () => {
    const owner = await createUser(payload, null)
    const member = await createUser(payload, null)
    const theirs = await picture(owner.token, 'theirs.png')
    // Public: the owner's published post shows it.
    expect((await write(owner, { media: [theirs.id] })).status).toBe(201)
    const mine = (await write(member, {})).body.doc.id

    expect(refusal(await write(member, { media: [theirs.id] }))).toEqual({
      status: 400,
      errors: [MEDIA_REFUSED],
    })
    expect(refusal(await write(member, { body: withPicture('Look', theirs.id) }))).toEqual({
      status: 400,
      errors: [BODY_REFUSED],
    })
    const edits = [{ media: [theirs.id] }, { body: withPicture('Look', theirs.id) }]
    const edited = await Promise.all(
      edits.map((body) => api('PATCH', `/posts/${mine}`, { token: member.token, body })),
    )
    expect(edited.map(refusal)).toEqual([
      { status: 400, errors: [MEDIA_REFUSED] },
      { status: 400, errors: [BODY_REFUSED] },
    ])
    const viaGraphql = await graphql(
      `mutation($body: JSON!) { createPost(data: { kind: feed, status: published, body: $body, media: [${theirs.id}] }) { id } }`,
      { body: paragraph('From GraphQL') },
      member.token,
    )
    expect(viaGraphql.body.errors?.map((error) => error.message)).toEqual([
      'The following field is invalid: media',
    ])
    expect(
      await payload.count({ collection: 'posts', where: { author: { equals: member.id } } }),
    ).toEqual({ totalDocs: 1 })
  })

  it('lets moderators hide and restore a post as it is, and a super admin edit it', async () => {
    const member = await createUser(payload, null)
    const own = await picture(member.token, 'summit.png')
    const catalog = await picture(roles.content.token, 'hero.png')
    const postId = (
      await write(member, { media: [own.id, catalog.id], body: withPicture('Summit', catalog.id) })
    ).body.doc.id

    const hidden = await api('PATCH', `/posts/${postId}`, {
      token: roles.content.token,
      body: { status: 'hidden', hiddenReason: 'Check the picture' },
    })
    expect(hidden.status).toBe(200)
    const restored = await api('PATCH', `/posts/${postId}`, {
      token: roles.cs.token,
      body: { status: 'published' },
    })
    expect(restored.status).toBe(200)
    const edited = await api('PATCH', `/posts/${postId}`, {
      token: roles.super_admin.token,
      body: { body: withPicture('Summit, edited', catalog.id), media: [own.id] },
    })
    expect(edited.status).toBe(200)
    // A super admin's edit is held to the same rule: the post is still the member's.
    const stranger = await picture(roles.trekker.token, 'stranger.png')
    const refused = await api('PATCH', `/posts/${postId}`, {
      token: roles.super_admin.token,
      body: { media: [own.id, stranger.id] },
    })
    expect(refusal(refused)).toEqual({ status: 400, errors: [MEDIA_REFUSED] })
  })
})

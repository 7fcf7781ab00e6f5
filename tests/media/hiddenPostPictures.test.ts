import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'
import { paragraph } from '../community/lexical'
import { api, qs } from '../helpers/api'
import { createCatalog, createRoleUsers, createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>

async function picture(token: string) {
  const res = await upload(
    'media',
    { data: await pngBuffer(64, 64), name: 'summit.png', type: 'image/png' },
    { token, data: { alt: 'summit' } },
  )
  expect(res.status).toBe(201)
  return res.body.doc as { id: number; filename: string }
}

async function post(token: string, media: number[]) {
  const res = await api('POST', '/posts?depth=0', {
    token,
    body: { kind: 'feed', media, body: paragraph('look') },
  })
  expect(res.status).toBe(201)
  return res.body.doc.id as number
}

async function hide(postId: number) {
  const res = await api('PATCH', `/posts/${postId}?depth=0`, {
    token: users.cs.token,
    body: { status: 'hidden', hiddenReason: 'abusive picture' },
  })
  expect(res.status).toBe(200)
}

/** How many media rows with this id the caller can list, and whether the file downloads. */
async function seen(id: number, filename: string, token?: string) {
  const list = await api('GET', `/media?${qs({ where: { id: { equals: id } } })}`, { token })
  const file = await api('GET', `/media/file/${filename}`, { token })
  return {
    listed: list.body.totalDocs,
    byId: (await api('GET', `/media/${id}`, { token })).status,
    file: file.status,
  }
}

describe('pictures of hidden posts', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
  })

  it('are public while the post is published', async () => {
    const image = await picture(users.trekker.token)
    await post(users.trekker.token, [image.id])

    expect(await seen(image.id, image.filename)).toEqual({ listed: 1, byId: 200, file: 200 })
  })

  it('are withheld from everyone but the author and staff once moderators hide the post', async () => {
    const image = await picture(users.trekker.token)
    await hide(await post(users.trekker.token, [image.id]))
    const other = await createUser(payload, null)

    // The file answers as if it never existed, to anonymous and signed-in callers alike.
    const withheld = { listed: 0, byId: 404, file: 404 }
    expect(await seen(image.id, image.filename)).toEqual(withheld)
    expect(await seen(image.id, image.filename, other.token)).toEqual(withheld)
    expect(await seen(image.id, image.filename, users.guide.token)).toEqual(withheld)
    const visible = { listed: 1, byId: 200, file: 200 }
    expect(await seen(image.id, image.filename, users.trekker.token)).toEqual(visible)
    expect(await seen(image.id, image.filename, users.cs.token)).toEqual(visible)
    expect(await seen(image.id, image.filename, users.content.token)).toEqual(visible)
  })

  it('stay public while a published post or a trek still shows them', async () => {
    const shared = await picture(users.trekker.token)
    const first = await post(users.trekker.token, [shared.id])
    await post(users.trekker.token, [shared.id])
    await hide(first)
    const hero = await picture(users.content.token)
    const { trek } = await createCatalog(payload)
    await payload.update({
      collection: 'treks',
      id: trek.id,
      data: { heroImage: hero.id },
      overrideAccess: true,
    })
    await hide(await post(users.trekker.token, [hero.id]))

    expect((await seen(shared.id, shared.filename)).listed).toBe(1)
    expect(await seen(hero.id, hero.filename)).toEqual({ listed: 1, byId: 200, file: 200 })
  })

  it('come back when the post is published again', async () => {
    const image = await picture(users.trekker.token)
    const postId = await post(users.trekker.token, [image.id])
    await hide(postId)
    const restore = await api('PATCH', `/posts/${postId}?depth=0`, {
      token: users.cs.token,
      body: { status: 'published' },
    })
    expect(restore.status).toBe(200)

    expect((await seen(image.id, image.filename)).listed).toBe(1)
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'
import { api, graphql, qs } from '../helpers/api'
import { createRoleUsers, createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { picture, publishPost, setProfilePhoto, visibilityOf, type Upload } from './members'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>

/** Whether a caller can list, fetch by id and download one upload. */
async function seen(item: Upload, token?: string) {
  const list = await api('GET', `/media?${qs({ where: { id: { equals: item.id } } })}`, { token })
  return {
    listed: list.body.totalDocs,
    byId: (await api('GET', `/media/${item.id}?depth=0`, { token })).status,
    file: (await api('GET', `/media/file/${item.filename}`, { token })).status,
  }
}

const VISIBLE = { listed: 1, byId: 200, file: 200 }
const HIDDEN = { listed: 0, byId: 404, file: 404 }

describe('media visibility', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
  })

  it('a profile photo is seen by its owner and staff, not by the public or other members', async () => {
    const member = await createUser(payload, null)
    const photo = await picture(member.token, 'selfie.png')
    expect((await setProfilePhoto(member, photo.id)).status).toBe(200)

    expect(photo.visibility).toBe('private')
    expect(await seen(photo)).toEqual(HIDDEN)
    expect(await seen(photo, users.trekker.token)).toEqual(HIDDEN)
    expect(await seen(photo, users.guide.token)).toEqual(HIDDEN)
    expect(await seen(photo, member.token)).toEqual(VISIBLE)
    for (const role of ['cs', 'ops_manager', 'content', 'finance', 'super_admin'] as const) {
      expect(await seen(photo, users[role].token)).toEqual(VISIBLE)
    }
  })

  it('GraphQL lists the same: no private upload for the public', async () => {
    const member = await createUser(payload, null)
    const photo = await picture(member.token, 'gql-selfie.png')
    const query = `{ allMedia(where: { id: { equals: ${photo.id} } }) { totalDocs } }`
    const anonymous = await graphql<{ allMedia: { totalDocs: number } }>(query)
    expect(anonymous.body.data?.allMedia.totalDocs).toBe(0)
    const own = await graphql<{ allMedia: { totalDocs: number } }>(query, {}, member.token)
    expect(own.body.data?.allMedia.totalDocs).toBe(1)
  })

  it('the profile photo of a member with a published post shows next to the post in the feed', async () => {
    const member = await createUser(payload, null)
    const photo = await picture(member.token, 'avatar.png')
    await setProfilePhoto(member, photo.id)
    expect(await visibilityOf(payload, photo.id)).toBe('private')

    const posted = await publishPost(member)
    expect(posted.status).toBe(201)
    expect(await visibilityOf(payload, photo.id)).toBe('public')
    expect(await seen(photo)).toEqual(VISIBLE)

    const feed = await api('GET', `/posts/feed?author=${member.id}`)
    expect(feed.body.docs[0].author.profilePhoto.id).toBe(photo.id)

    // A new photo takes the old one's place in the feed; the old one is private again.
    const next = await picture(member.token, 'avatar-2.png')
    await setProfilePhoto(member, next.id)
    expect(await visibilityOf(payload, next.id)).toBe('public')
    expect(await visibilityOf(payload, photo.id)).toBe('private')

    // With the member's last post hidden, their face leaves the public view too.
    const hidden = await api('PATCH', `/posts/${posted.body.doc.id}?depth=0`, {
      token: users.cs.token,
      body: { status: 'hidden', hiddenReason: 'off topic' },
    })
    expect(hidden.status).toBe(200)
    expect(await visibilityOf(payload, next.id)).toBe('private')
  })

  it('a deleted post takes its pictures out of public view', async () => {
    const member = await createUser(payload, null)
    const image = await picture(member.token, 'ridge.png')
    const posted = await publishPost(member, [image.id])
    expect(await visibilityOf(payload, image.id)).toBe('public')

    const removed = await api('DELETE', `/posts/${posted.body.doc.id}`, { token: member.token })
    expect(removed.status).toBe(200)
    expect(await visibilityOf(payload, image.id)).toBe('private')
    expect(await seen(image, member.token)).toEqual(VISIBLE)
  })

  it('nobody attaches another member’s private upload to a post or a profile', async () => {
    const owner = await createUser(payload, null)
    const thief = await createUser(payload, null)
    const photo = await picture(owner.token, 'private.png')

    const post = await publishPost(thief, [photo.id])
    expect(post.status).toBe(400)
    expect(JSON.stringify(post.body)).toMatch(/media/)
    expect(await visibilityOf(payload, photo.id)).toBe('private')

    const profile = await setProfilePhoto(thief, photo.id)
    expect(profile.status).toBe(400)
    expect(JSON.stringify(profile.body)).toMatch(/profilePhoto/)
  })

  it('a member’s picture is theirs to withdraw: nobody else posts it (review round 20)', async () => {
    const owner = await createUser(payload, null)
    const other = await createUser(payload, null)
    const face = await picture(owner.token, 'owner-face.png')
    const posted = await publishPost(owner, [face.id])
    expect(posted.status).toBe(201)
    expect(await visibilityOf(payload, face.id)).toBe('public')

    // Readable by everyone while the owner's post shows it, and still not the other's to post.
    const reposted = await publishPost(other, [face.id])
    expect({ status: reposted.status, errors: reposted.body.errors }).toEqual({
      status: 400,
      errors: [
        {
          name: 'ValidationError',
          message: 'The following field is invalid: media',
          data: {
            collection: 'posts',
            errors: [
              {
                path: 'media',
                message: 'Choose pictures you uploaded yourself or catalog pictures',
              },
            ],
          },
        },
      ],
    })
    const ownPost = await publishPost(other)
    expect(ownPost.status).toBe(201)
    const added = await api('PATCH', `/posts/${ownPost.body.doc.id}?depth=0`, {
      token: other.token,
      body: { media: [face.id] },
    })
    expect({ status: added.status, path: added.body.errors?.[0]?.data?.errors?.[0]?.path }).toEqual(
      { status: 400, path: 'media' },
    )

    const hidden = await api('PATCH', `/posts/${posted.body.doc.id}?depth=0`, {
      token: users.content.token,
      body: { status: 'hidden', hiddenReason: 'Private picture of a child' },
    })
    expect(hidden.status).toBe(200)
    expect(await visibilityOf(payload, face.id)).toBe('private')
    const deleted = await api('DELETE', `/posts/${posted.body.doc.id}`, { token: owner.token })
    expect(deleted.status).toBe(200)

    expect(await visibilityOf(payload, face.id)).toBe('private')
    expect(await seen(face)).toEqual(HIDDEN)
    expect(await seen(face, other.token)).toEqual(HIDDEN)
  })

  it('a post written before that rule, showing someone else’s picture, keeps it public for nobody', async () => {
    const owner = await createUser(payload, null)
    const other = await createUser(payload, null)
    const face = await picture(owner.token, 'older-repost.png')
    const posted = await publishPost(owner, [face.id])
    // Stored past the hooks, as such a post was stored before posts were held to the rule.
    await payload.db.create({
      collection: 'posts',
      data: { author: other.id, kind: 'feed', status: 'published', body: {}, media: [face.id] },
    })

    const deleted = await api('DELETE', `/posts/${posted.body.doc.id}`, { token: owner.token })
    expect(deleted.status).toBe(200)
    expect(await visibilityOf(payload, face.id)).toBe('private')
    expect(await seen(face)).toEqual(HIDDEN)
  })

  it('a picture shown by two of its owner’s posts stays public until both are withdrawn', async () => {
    const owner = await createUser(payload, null)
    const image = await picture(owner.token, 'shared.png')
    const first = await publishPost(owner, [image.id])
    const second = await publishPost(owner, [image.id])
    expect([first.status, second.status]).toEqual([201, 201])

    await api('DELETE', `/posts/${first.body.doc.id}`, { token: owner.token })
    expect(await visibilityOf(payload, image.id)).toBe('public')
    await api('DELETE', `/posts/${second.body.doc.id}`, { token: owner.token })
    expect(await visibilityOf(payload, image.id)).toBe('private')
  })

  it('catalog uploads are public from the start; a guide’s photo once it is on an active guide', async () => {
    const hero = await picture(users.content.token, 'hero.png')
    expect(hero.visibility).toBe('catalog')
    expect(await seen(hero)).toEqual(VISIBLE)

    const guideUser = await createUser(payload, 'guide')
    const guide = await payload.create({
      collection: 'guides',
      data: { name: 'Tenzing', user: guideUser.id, isActive: true } as any,
      overrideAccess: true,
    })
    const portrait = await picture(guideUser.token, 'portrait.png')
    expect(portrait.visibility).toBe('private')
    const set = await api('PATCH', `/guides/${guide.id}?depth=0`, {
      token: guideUser.token,
      body: { photo: portrait.id },
    })
    expect(set.status).toBe(200)
    expect(await seen(portrait)).toEqual(VISIBLE)

    await payload.update({
      collection: 'guides',
      id: guide.id,
      data: { isActive: false },
      overrideAccess: true,
    })
    expect(await visibilityOf(payload, portrait.id)).toBe('private')
  })

  it('who uploaded a file is told only to the uploader and staff, and is set by the server', async () => {
    const member = await createUser(payload, null)
    const forged = await upload(
      'media',
      { data: await pngBuffer(64, 64), name: 'forged.png', type: 'image/png' },
      { token: member.token, data: { alt: 'x', visibility: 'catalog' } },
    )
    // Like every server-maintained field, a client's value is dropped, not obeyed.
    expect(forged.status).toBe(201)
    expect(forged.body.doc.visibility).toBe('private')

    const image = await picture(member.token, 'mine.png')
    await publishPost(member, [image.id])
    const own = await api('GET', `/media/${image.id}?depth=0`, { token: member.token })
    expect(own.body.uploadedBy).toBe(member.id)
    const staff = await api('GET', `/media/${image.id}?depth=0`, { token: users.cs.token })
    expect(staff.body.uploadedBy).toBe(member.id)
    const anonymous = await api('GET', `/media/${image.id}?depth=0`)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body).not.toHaveProperty('uploadedBy')
    const probe = await api('GET', `/media?${qs({ where: { uploadedBy: { equals: member.id } } })}`)
    expect(probe.status).toBe(400)
    expect(probe.body.errors[0].message).toBe('The following path cannot be queried: uploadedBy')
  })

  it('a file name nobody stored is a 404 for staff and the public alike', async () => {
    expect((await api('GET', '/media/file/never-stored.png')).status).toBe(404)
    expect(
      (await api('GET', '/media/file/never-stored.png', { token: users.content.token })).status,
    ).toBe(404)
  })
})

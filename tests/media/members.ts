import { expect } from '@jest/globals'
import type { Payload } from 'payload'

import { pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'
import { paragraph } from '../community/lexical'
import { api } from '../helpers/api'
import type { TestUser } from '../helpers/fixtures'

/** What the media tests read back of an upload. */
export type Upload = { id: number; filename: string; visibility: string; uploadedBy?: unknown }

/** A small PNG uploaded over REST by whoever holds the token. */
export async function picture(token: string, name = 'face.png'): Promise<Upload> {
  const res = await upload(
    'media',
    { data: await pngBuffer(64, 64), name, type: 'image/png' },
    { token, data: { alt: 'a picture' } },
  )
  expect(res.status).toBe(201)
  return res.body.doc
}

/** Sets a member's profile photo, as themself or as the holder of `token` (cs, say). */
export const setProfilePhoto = (user: TestUser, mediaId: number | null, token = user.token) =>
  api('PATCH', `/users/${user.id}?depth=0`, { token, body: { profilePhoto: mediaId } })

/** A published feed post by the member, showing the given pictures. */
export const publishPost = (user: TestUser, media: number[] = []) =>
  api('POST', '/posts?depth=0', {
    token: user.token,
    body: { kind: 'feed', media, body: paragraph('up here') },
  })

/** The visibility the server keeps on an upload, read past access. */
export async function visibilityOf(payload: Payload, id: number) {
  const doc = await payload.findByID({ collection: 'media', id, depth: 0, overrideAccess: true })
  return doc.visibility
}

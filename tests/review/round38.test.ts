/**
 * Thirty-eighth review round (a fresh reviewer, an hour: 11:52:52 to 12:52:52 UTC by `date`).
 * (Header in progress; completed at the end of the round.)
 */
import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'
import sharp from 'sharp'

import { upload } from '../catalog/upload'
import { withPicture } from '../community/lexical'
import { viaRoute } from '../hardening/route'
import { api } from '../helpers/api'
import { createUser, unique } from '../helpers/fixtures'
import { type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

const png = (width: number, background: string) =>
  sharp({ create: { width, height: width, channels: 3, background } })
    .png()
    .toBuffer()

describe('a curator account deleted by a super admin', () => {
  // FINDING 1: a super admin's delete of a content (curator) account with no history deletes the catalog pictures it uploaded that a member shows in a published post's text (an upload node in the Lexical body): stillUsedMedia asks only top-level upload and relationship fields, not rich text, so the picture is removed, files and record, from the member's post; low-medium
  it.failing("keeps a catalog picture that a member's post shows in its text", async () => {
    const curator = await createUser(payload, 'content')
    const picture = await upload(
      'media',
      { data: await png(64, '#336699'), name: 'kedarkantha-summit.png', type: 'image/png' },
      { token: curator.token, data: { alt: 'Kedarkantha summit at dawn' } },
    )
    expect(picture.status).toBe(201)
    const mediaId = picture.body.doc.id
    const member = await createUser(payload, null)
    const post = await api('POST', '/posts', {
      token: member.token,
      body: { kind: 'feed', body: withPicture('The summit we climbed', mediaId) },
    })
    expect(post.status).toBe(201)

    const removed = await api('DELETE', `/users/${curator.id}`, { token: roles.super_admin.token })
    expect(removed.status).toBe(200)

    const stillThere = await api('GET', `/media/${mediaId}`, { token: roles.super_admin.token })
    expect(stillThere.status).toBe(200)
  })
})

describe("a staff member's admin preferences", () => {
  // FINDING 2: any staff member's `DELETE /api/payload-preferences/<key>` for a key they never stored (the admin resetting a list's columns it never saved, a stale tab) answers 500 "Something went wrong." (Payload's delete-by-key query names a join it never made: "missing FROM-clause entry"); the same through the Next route; low
  it.failing('answers the delete of a preference never stored without a 5xx', async () => {
    const key = unique('collection-regions')
    const viaPayload = await api('DELETE', `/payload-preferences/${key}`, {
      token: roles.ops_manager.token,
    })
    const viaNext = await viaRoute('DELETE', `/api/payload-preferences/${key}`, {
      token: roles.cs.token,
    })
    expect([viaPayload.status, viaNext.status]).toEqual([404, 404])
  })
})

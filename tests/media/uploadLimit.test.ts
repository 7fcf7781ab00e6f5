import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'
import { createRoleUsers, createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>
const configured = env.limits.memberUploadsPerHour

const uploadAs = async (token: string) =>
  upload(
    'media',
    { data: await pngBuffer(32, 32), name: 'dot.png', type: 'image/png' },
    { token, data: { alt: 'dot' } },
  )

describe('uploads per member per hour', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
    env.limits.memberUploadsPerHour = 2
  })

  afterAll(() => {
    env.limits.memberUploadsPerHour = configured
  })

  it('a trekker past the limit gets 429 with Retry-After, and nothing is stored', async () => {
    const trekker = await createUser(payload, null)
    expect((await uploadAs(trekker.token)).status).toBe(201)
    expect((await uploadAs(trekker.token)).status).toBe(201)
    const before = await payload.count({
      collection: 'media',
      where: { uploadedBy: { equals: trekker.id } },
    })

    const refused = await uploadAs(trekker.token)

    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].message).toBe(
      'Too many uploads from this account: try again later',
    )
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    const after = await payload.count({
      collection: 'media',
      where: { uploadedBy: { equals: trekker.id } },
    })
    expect(after.totalDocs).toBe(before.totalDocs)
  })

  it('counts each account on its own; guides are members too', async () => {
    const other = await createUser(payload, null)
    expect((await uploadAs(other.token)).status).toBe(201)
    const guide = await createUser(payload, 'guide')
    for (const expected of [201, 201, 429]) {
      expect((await uploadAs(guide.token)).status).toBe(expected)
    }
  })

  it('the catalog team is not limited', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await uploadAs(users.content.token)).status).toBe(201)
    }
  })
})

import { readdir } from 'node:fs/promises'

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { pngBuffer } from '../catalog/images'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { sendFile } from './multipart'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>

describe('uploads of files with the same name', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
  })

  it('all succeed when eight arrive at once, each stored under its own name', async () => {
    const image = await pngBuffer(800, 600)
    const uploaders = [users.trekker, users.guide, users.content, users.super_admin]

    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        sendFile(
          'POST',
          '/media',
          { data: image, name: 'image.png', type: 'image/png' },
          { token: uploaders[i % uploaders.length].token, data: { alt: `same name ${i}` } },
        ),
      ),
    )

    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201))
    const docs = answers.map((answer) => answer.body.doc)
    const names = docs.map((doc) => doc.filename)
    expect(names).toEqual(Array(8).fill(expect.stringMatching(/^image-[0-9a-f]{10}\.png$/)))
    expect(new Set(names).size).toBe(8)
    const thumbnails = docs.map((doc) => doc.sizes.thumbnail.filename)
    expect(new Set(thumbnails).size).toBe(8)
    const onDisk = await readdir(env.mediaDir)
    expect(onDisk).toEqual(expect.arrayContaining([...names, ...thumbnails]))
  })

  it('keeps only the last part of a name sent with folders', async () => {
    const res = await sendFile(
      'POST',
      '/media',
      { data: await pngBuffer(64, 64), name: 'DCIM\\Camera\\IMG_0001.png', type: 'image/png' },
      { token: users.trekker.token },
    )

    expect(res.status).toBe(201)
    expect(res.body.doc.filename).toMatch(/^IMG_0001-[0-9a-f]{10}\.png$/)
  })
})

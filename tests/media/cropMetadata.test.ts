import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'
import sharp from 'sharp'

import { env } from '@/config/env'

import { upload } from '../catalog/upload'
import { createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

/**
 * A photo uploaded with an "Edit image" crop is stored as Payload's crop, not through
 * resizeOptions: its EXIF (GPS, owner) must not survive either way (review round 23).
 */
let payload: Payload
let trekker: TestUser

beforeAll(async () => {
  payload = await testPayload()
  trekker = await createUser(payload, null)
})

/** A 64 × 48 JPEG as a phone writes it: GPS position and owner in its EXIF. */
const phonePhoto = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a7' } })
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Priya Sharma' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 44/1 2/1' },
    })
    .toBuffer()

const uploadCropped = async (crop: { x: number; y: number; width: number; height: number }) => {
  const edits =
    `uploadEdits[crop][x]=${crop.x}&uploadEdits[crop][y]=${crop.y}` +
    `&uploadEdits[widthInPixels]=${crop.width}&uploadEdits[heightInPixels]=${crop.height}`
  const res = await upload(
    `media?${edits}`,
    { data: await phonePhoto(), name: 'IMG_0002.jpg', type: 'image/jpeg' },
    { token: trekker.token, data: { alt: 'camp' } },
  )
  expect(res.status).toBe(201)
  const stored = await readFile(path.join(env.mediaDir, res.body.doc.filename))
  return { doc: res.body.doc, metadata: await sharp(stored).metadata() }
}

describe('a photo uploaded with a crop', () => {
  it('stores no EXIF when the crop is the whole picture', async () => {
    const { doc, metadata } = await uploadCropped({ x: 0, y: 0, width: 64, height: 48 })

    expect(metadata.exif).toBeUndefined()
    expect([metadata.width, metadata.height]).toEqual([64, 48])
    expect([doc.width, doc.height]).toEqual([64, 48])
  })

  it('stores no EXIF, at the crop’s size, when the crop cuts the picture', async () => {
    const { doc, metadata } = await uploadCropped({ x: 25, y: 25, width: 32, height: 24 })

    expect(metadata.exif).toBeUndefined()
    expect([metadata.width, metadata.height]).toEqual([32, 24])
    expect([doc.width, doc.height]).toEqual([32, 24])
  })
})

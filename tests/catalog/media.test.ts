import fs from 'node:fs'
import path from 'node:path'

import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'
import sharp from 'sharp'

import { env } from '@/config/env'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { errorMessage, fieldErrors, makeRegion } from './builders'
import { pngBuffer } from './images'
import { upload } from './upload'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>

const GPX = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="OBS" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>Kedarkantha</name><trkseg>
    <trkpt lat="31.0226" lon="78.1734"><ele>1920</ele></trkpt>
    <trkpt lat="31.0231" lon="78.1801"><ele>3810</ele></trkpt>
  </trkseg></trk>
</gpx>
`

const NOT_GPX = (name: string) =>
  `${name} is not a GPX track: a GPX file is XML with a <gpx> root element`
const NOT_ALLOWED = (name: string) =>
  `${name} cannot be uploaded: only JPEG, PNG or WebP images and GPX tracks are accepted`

describe('media uploads', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
  })

  it('writes uploads under the configured MEDIA_DIR, not the repository', () => {
    expect(path.resolve(env.mediaDir)).not.toBe(path.resolve('media'))
  })

  it('resizes a PNG with sharp into every configured size', async () => {
    const res = await upload(
      'media',
      { data: await pngBuffer(2000, 1500), name: 'ridge.png', type: 'image/png' },
      { token: users.content.token, data: { alt: 'Ridge at dawn' } },
    )

    expect(res.status).toBe(201)
    const doc = res.body.doc
    expect(doc).toMatchObject({
      mimeType: 'image/png',
      width: 2000,
      height: 1500,
      alt: 'Ridge at dawn',
    })
    expect(doc.sizes.thumbnail).toMatchObject({ width: 320, height: 320, mimeType: 'image/webp' })
    expect(doc.sizes.card).toMatchObject({ width: 768, height: 512, mimeType: 'image/webp' })
    expect(doc.sizes.hero).toMatchObject({ width: 1600, height: 1200, mimeType: 'image/webp' })

    const thumbFile = path.join(path.resolve(env.mediaDir), doc.sizes.thumbnail.filename)
    const meta = await sharp(thumbFile).metadata()
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 320 })
    expect(fs.existsSync(path.join(path.resolve(env.mediaDir), doc.filename))).toBe(true)
  })

  it('does not enlarge a small image for the hero size', async () => {
    const res = await upload(
      'media',
      { data: await pngBuffer(900, 600), name: 'small.png', type: 'image/png' },
      { token: users.content.token },
    )

    expect(res.status).toBe(201)
    expect(res.body.doc.sizes.card).toMatchObject({ width: 768, height: 512 })
    expect(res.body.doc.sizes.hero).toMatchObject({
      width: 900,
      height: 600,
      mimeType: 'image/webp',
    })
  })

  it.each([
    ['jpeg', 'image/jpeg', 'photo.jpg'],
    ['webp', 'image/webp', 'photo.webp'],
  ] as const)('accepts a %s image', async (format, type, name) => {
    const data = await sharp({
      create: { width: 640, height: 480, channels: 3, background: '#336699' },
    })
      .toFormat(format)
      .toBuffer()

    const res = await upload('media', { data, name, type }, { token: users.content.token })

    expect(res.status).toBe(201)
    expect(res.body.doc.mimeType).toBe(type)
    expect(res.body.doc.sizes.thumbnail.width).toBe(320)
  })

  it('accepts a real GPX track and stores it as GPX', async () => {
    const res = await upload(
      'media',
      { data: GPX, name: 'kedarkantha.gpx', type: 'application/octet-stream' },
      { token: users.content.token },
    )

    expect(res.status).toBe(201)
    expect(res.body.doc).toMatchObject({
      mimeType: 'application/gpx+xml',
      filename: expect.stringMatching(/^kedarkantha-[0-9a-f]{10}\.gpx$/),
    })
    expect(res.body.doc.width ?? null).toBeNull()
  })

  it('accepts a GPX without an XML declaration and with a namespace prefix', async () => {
    const data =
      '<!-- exported --><g:gpx xmlns:g="http://www.topografix.com/GPX/1/1"><g:trk/></g:gpx>'

    const res = await upload(
      'media',
      { data, name: 'route.gpx', type: 'application/gpx+xml' },
      { token: users.content.token },
    )

    expect(res.status).toBe(201)
  })

  it.each([
    [
      'a KML file named .gpx',
      '<?xml version="1.0"?><kml><Document/></kml>',
      'track.gpx',
      'application/gpx+xml',
    ],
    ['plain text named .gpx', 'lat,lon\n31.02,78.17\n', 'points.gpx', 'application/gpx+xml'],
    ['a truncated GPX', GPX.slice(0, 120), 'cut.gpx', 'application/gpx+xml'],
    ['XML sent with the GPX type', '<route><pt/></route>', 'route.xml', 'application/gpx+xml'],
  ])('refuses %s with a clear 400', async (_case, data, name, type) => {
    const res = await upload('media', { data, name, type }, { token: users.content.token })

    expect(res.status).toBe(400)
    expect(errorMessage(res)).toBe(NOT_GPX(name))
  })

  it.each([
    ['a text file', 'just notes', 'notes.txt', 'text/plain'],
    ['a PDF', '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF', 'permit.pdf', 'application/pdf'],
    ['text pretending to be a PNG', 'not really an image', 'fake.png', 'image/png'],
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'logo.svg', 'image/svg+xml'],
    ['an HTML page', '<html><body>hi</body></html>', 'page.html', 'text/html'],
  ])('refuses %s', async (_case, data, name, type) => {
    const res = await upload('media', { data, name, type }, { token: users.content.token })

    expect(res.status).toBe(400)
    expect(errorMessage(res)).toBe(NOT_ALLOWED(name))
  })

  it('lets signed-in users upload, and only the catalog team delete (a member’s file is theirs)', async () => {
    const file = { data: await pngBuffer(64, 64), name: 'me.png', type: 'image/png' }

    const anonymous = await upload('media', file)
    const trekker = await upload('media', file, { token: users.trekker.token })
    const id = trekker.body.doc.id

    expect(anonymous.status).toBe(401)
    expect(trekker.status).toBe(201)
    for (const role of ['trekker', 'cs', 'finance', 'guide'] as const) {
      const del = await api('DELETE', `/media/${id}`, { token: users[role].token })
      expect([role, del.status]).toEqual([role, 403])
    }
    // Replacing a member's file or alt would put words or a picture in their posts (round 35).
    const patch = await api('PATCH', `/media/${id}`, {
      token: users.content.token,
      body: { alt: 'Profile photo' },
    })
    expect(patch.status).toBe(403)
    const catalog = await upload('media', file, { token: users.content.token })
    const curated = await api('PATCH', `/media/${catalog.body.doc.id}`, {
      token: users.ops_manager.token,
      body: { alt: 'Kedarkantha summit ridge' },
    })
    expect(curated.body.doc.alt).toBe('Kedarkantha summit ridge')
    expect((await api('DELETE', `/media/${id}`, { token: users.content.token })).status).toBe(200)
  })

  it('links only GPX tracks as a trek gpxFile and only images as its heroImage', async () => {
    const image = await upload(
      'media',
      { data: await pngBuffer(800, 600), name: 'hero.png', type: 'image/png' },
      { token: users.content.token },
    )
    const track = await upload(
      'media',
      { data: GPX, name: 'track.gpx', type: 'application/gpx+xml' },
      { token: users.content.token },
    )
    const region = await makeRegion(payload)
    const base = { region: region.id, maxAltitude: 3800, durationDays: 5, difficulty: 'easy' }

    const swapped = await api('POST', '/treks', {
      token: users.content.token,
      body: {
        ...base,
        name: `Swapped ${region.id}`,
        gpxFile: image.body.doc.id,
        heroImage: track.body.doc.id,
      },
    })
    const right = await api('POST', '/treks', {
      token: users.content.token,
      body: {
        ...base,
        name: `Right ${region.id}`,
        gpxFile: track.body.doc.id,
        heroImage: image.body.doc.id,
      },
    })

    expect(swapped.status).toBe(400)
    expect(Object.keys(fieldErrors(swapped)).sort()).toEqual(['gpxFile', 'heroImage'])
    expect(right.status).toBe(201)
  })
})

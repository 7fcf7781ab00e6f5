import sharp from 'sharp'
import type { Payload } from 'payload'

/** A real PNG made by sharp, `width`×`height`, in one colour. */
export async function pngBuffer(width = 1200, height = 900): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } },
  })
    .png()
    .toBuffer()
}

/** Uploads a PNG through the Local API (files go to the test MEDIA_DIR). */
export async function makeImage(payload: Payload, name = 'hero.png') {
  const data = await pngBuffer(1600, 1200)
  return payload.create({
    collection: 'media',
    data: { alt: 'A ridge at dawn' },
    file: { data, mimetype: 'image/png', name, size: data.length },
    overrideAccess: true,
  })
}
